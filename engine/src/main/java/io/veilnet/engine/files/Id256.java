package io.veilnet.engine.files;

import io.veilnet.crypto.Bytes;
import java.util.Arrays;
import java.util.Objects;

/**
 * What {@link FileId}, {@link ContentId} and {@link NodeId} share: 32 immutable bytes, hex form,
 * unsigned order, value equality within one id kind. Package-private; the subclasses are the API.
 */
abstract class Id256 {
  static final int LENGTH = 32;
  final byte[] bytes;

  Id256(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A copy of {@code bytes}, which must be exactly 32 long. */
  static byte[] checkedCopy(byte[] bytes, String kind) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException(kind + " must be " + LENGTH + " bytes, got " + bytes.length);
    }
    return bytes.clone();
  }

  /** The bytes of 64 hex characters. */
  static byte[] parseHex(String hex, String kind) {
    Objects.requireNonNull(hex, "hex");
    if (hex.length() != 2 * LENGTH) {
      throw new IllegalArgumentException(kind + " must be " + 2 * LENGTH + " hex characters, got " + hex.length());
    }
    return Bytes.fromHex(hex);
  }

  /** A copy of the 32 bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  public String toHex() {
    return Bytes.toHex(bytes);
  }

  final int compareBytes(Id256 o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public final boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && Arrays.equals(bytes, ((Id256) o).bytes);
  }

  @Override
  public final int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
