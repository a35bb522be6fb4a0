package io.veilnet.crypto;

import java.util.Arrays;
import java.util.Objects;

/**
 * Length-hiding padding, ISO/IEC 7816-4 style: {@code data ‖ 0x80 ‖ 0x00…}. At least one byte is
 * always added, so every input, including the empty one, pads unambiguously. Pad before
 * encrypting; unpad after authenticated decryption.
 *
 * <p>{@link #unpad} reads every byte of its input with branch-free arithmetic, so its running time
 * depends on the padded length only, never on where the marker is (which would reveal the
 * plaintext length that padding is there to hide).
 */
public final class Padding {
  private static final byte MARKER = (byte) 0x80;

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
    // Walk from the end over every byte. While the marker has not been seen, a byte must be 0x00
    // (skip) or 0x80 (the marker: remember its index); anything else is invalid. All as
    // arithmetic on 0/1 flags, without branches on the data.
    int found = 0;
    int invalid = 0;
    int index = 0;
    for (int i = length - 1; i >= 0; i--) {
      int b = padded[offset + i] & 0xff;
      int isZero = (b - 1) >>> 31; // 1 iff b == 0
      int isMarker = ((b ^ 0x80) - 1) >>> 31; // 1 iff b == 0x80
      int searching = found ^ 1;
      int take = searching & isMarker;
      index |= -take & i;
      invalid |= searching & ((isZero | isMarker) ^ 1);
      found |= take;
    }
    if ((found & (invalid ^ 1)) == 0) {
      throw new CryptoException("invalid padding");
    }
    return index;
  }
}
