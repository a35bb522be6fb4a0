package io.veilnet.engine.files;

import io.veilnet.crypto.Bytes;
import java.util.Arrays;
import java.util.Objects;

/** The 32-byte id of a stored file: the DHT key of its signed manifest record, {@code
 * SHA-256("veilnet-value-key-v1" ‖ owner key ‖ random name)} (see {@link Records}). Immutable. */
public final class FileId implements Comparable<FileId> {
  public static final int LENGTH = 32;
  private final byte[] bytes;

  private FileId(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Wraps a copy of {@code bytes} (exactly 32). */
  public static FileId of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("FileId must be " + LENGTH + " bytes, got " + bytes.length);
    }
    return new FileId(bytes.clone());
  }

  /** Parses 64 hex characters. */
  public static FileId fromHex(String hex) {
    Objects.requireNonNull(hex, "hex");
    if (hex.length() != 2 * LENGTH) {
      throw new IllegalArgumentException("FileId must be " + 2 * LENGTH + " hex characters, got " + hex.length());
    }
    return new FileId(Bytes.fromHex(hex));
  }

  /** A copy of the 32 bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  public String toHex() {
    return Bytes.toHex(bytes);
  }

  @Override
  public int compareTo(FileId o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FileId other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
