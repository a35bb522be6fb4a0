package io.veilnet.engine.files;

import java.util.Objects;

/** A 32-byte content id: {@code SHA-256} of a shard or manifest page, and its DHT key. Immutable. */
public final class ContentId extends Id256 implements Comparable<ContentId> {
  public static final int LENGTH = Id256.LENGTH;

  private ContentId(byte[] bytes) {
    super(bytes);
  }

  /** Wraps a copy of {@code bytes} (exactly 32). */
  public static ContentId of(byte[] bytes) {
    return new ContentId(checkedCopy(bytes, "ContentId"));
  }

  /** Parses 64 hex characters. */
  public static ContentId fromHex(String hex) {
    return new ContentId(parseHex(hex, "ContentId"));
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

  @Override
  public int compareTo(ContentId o) {
    return compareBytes(o);
  }
}
