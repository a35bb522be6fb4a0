package io.veilnet.engine.files;

import io.veilnet.crypto.Bytes;
import java.util.Arrays;
import java.util.Objects;

/** A 32-byte content id: {@code SHA-256} of a shard or manifest page, and its DHT key. Immutable. */
public final class ContentId implements Comparable<ContentId> {
  public static final int LENGTH = 32;
  private final byte[] bytes;

  private ContentId(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Wraps a copy of {@code bytes} (exactly 32). */
  public static ContentId of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("ContentId must be " + LENGTH + " bytes, got " + bytes.length);
    }
    return new ContentId(bytes.clone());
  }

  /** Parses 64 hex characters. */
  public static ContentId fromHex(String hex) {
    Objects.requireNonNull(hex, "hex");
    if (hex.length() != 2 * LENGTH) {
      throw new IllegalArgumentException("ContentId must be " + 2 * LENGTH + " hex characters, got " + hex.length());
    }
    return new ContentId(Bytes.fromHex(hex));
  }

  /** The content id of {@code data}: its SHA-256. */
  public static ContentId ofContent(byte[] data) {
    Objects.requireNonNull(data, "data");
    return new ContentId(io.veilnet.engine.files.internal.Sha256.digest(data));
  }

  /** Whether {@code data} hashes to this id. */
  public boolean matches(byte[] data) {
    return data != null && java.security.MessageDigest.isEqual(bytes, io.veilnet.engine.files.internal.Sha256.digest(data));
  }

  /** A copy of the 32 bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  public String toHex() {
    return Bytes.toHex(bytes);
  }

  @Override
  public int compareTo(ContentId o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ContentId other && Arrays.equals(bytes, other.bytes);
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
