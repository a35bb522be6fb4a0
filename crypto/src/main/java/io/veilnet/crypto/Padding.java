package io.veilnet.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Length-hiding padding, ISO/IEC 7816-4 style: {@code data ‖ 0x80 ‖ 0x00…}. At least one byte is
 * always added, so every input, including the empty one, pads unambiguously. Pad before
 * encrypting; unpad after authenticated decryption.
 *
 * <p>{@link #unpad} reads every byte of its input (eight at a time) with branch-free arithmetic, so
 * its running time depends on the padded length, not on where the marker is (which would reveal the
 * plaintext length that padding is there to hide); only the final check reads the one byte at the
 * marker position.
 */
public final class Padding {
  private static final byte MARKER = (byte) 0x80;
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private Padding() {}

  /**
   * The padded length for {@code dataLength} bytes: the smallest multiple of {@code blockSize}
   * that is at least {@code dataLength + 1}.
   *
   * @throws IllegalArgumentException if {@code dataLength < 0}, {@code blockSize < 1}, or the
   *     result would not fit an {@code int}
   */
  public static int paddedLength(int dataLength, int blockSize) {
    if (dataLength < 0) {
      throw new IllegalArgumentException("data length must be >= 0, got " + dataLength);
    }
    if (blockSize < 1) {
      throw new IllegalArgumentException("block size must be >= 1, got " + blockSize);
    }
    long blocks = ((long) dataLength + blockSize) / blockSize; // = ceil((dataLength + 1) / blockSize)
    long padded = blocks * blockSize;
    if (padded > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "padded length of " + dataLength + " bytes in blocks of " + blockSize + " is too large");
    }
    return (int) padded;
  }

  /** Pads {@code data} to {@link #paddedLength(int, int) paddedLength(data.length, blockSize)}. */
  public static byte[] pad(byte[] data, int blockSize) {
    Objects.requireNonNull(data, "data");
    return padInto(data, paddedLength(data.length, blockSize));
  }

  /**
   * Pads {@code data} to exactly {@code size} bytes.
   *
   * @throws IllegalArgumentException if {@code data.length + 1 > size}
   */
  public static byte[] padTo(byte[] data, int size) {
    Objects.requireNonNull(data, "data");
    if (data.length >= size) {
      throw new IllegalArgumentException(
          data.length + " bytes do not fit a padded size of " + size + " (padding needs 1 byte)");
    }
    return padInto(data, size);
  }

  private static byte[] padInto(byte[] data, int size) {
    byte[] out = new byte[size]; // zero-filled
    System.arraycopy(data, 0, out, 0, data.length);
    out[data.length] = MARKER;
    return out;
  }

  /**
   * Removes the padding.
   *
   * @throws CryptoException "invalid padding" if the input does not end in {@code 0x80 0x00*}
   */
  public static byte[] unpad(byte[] padded) {
    Objects.requireNonNull(padded, "padded");
    return Arrays.copyOf(padded, unpaddedLength(padded, 0, padded.length));
  }

  /** Removes the padding from {@code padded[offset, offset+length)} and returns a copy of the data. */
  public static byte[] unpad(byte[] padded, int offset, int length) {
    int n = unpaddedLength(padded, offset, length);
    return Arrays.copyOfRange(padded, offset, offset + n);
  }

  /**
   * The data length inside {@code padded[offset, offset+length)}, without copying: the data is
   * {@code padded[offset, offset+result)}.
   *
   * @throws CryptoException "invalid padding" if the range does not end in {@code 0x80 0x00*}
   */
  public static int unpaddedLength(byte[] padded, int offset, int length) {
    Objects.requireNonNull(padded, "padded");
    Objects.checkFromIndexSize(offset, length, padded.length);
    // The data ends at the last non-zero byte, which must be the marker. Find it without branches
    // on the data: eight bytes per step over whole words, then the up to seven tail bytes.
    int words = length >>> 3;
    int lastWord = -1; // index of the last non-zero word
    for (int w = 0; w < words; w++) {
      long v = (long) LONGS.get(padded, offset + (w << 3));
      int nonZero = (int) ((v | -v) >>> 63);
      lastWord ^= (lastWord ^ w) & -nonZero;
    }
    int lastTail = -1; // index of the last non-zero tail byte
    for (int i = words << 3; i < length; i++) {
      int nonZero = -(padded[offset + i] & 0xff) >>> 31;
      lastTail ^= (lastTail ^ i) & -nonZero;
    }
    // Highest non-zero byte inside the last non-zero word (little-endian: byte k = bits 8k..8k+7).
    long v = words == 0 ? 0 : (long) LONGS.get(padded, offset + (Math.max(lastWord, 0) << 3));
    int inWord = (lastWord << 3) + ((63 - Long.numberOfLeadingZeros(v)) >> 3);
    int inTail = ~lastTail >>> 31; // 1 iff a tail byte is non-zero
    int last = inWord ^ ((inWord ^ lastTail) & -inTail);
    if (last < 0 || padded[offset + last] != MARKER) {
      throw new CryptoException("invalid padding");
    }
    return last;
  }
}
