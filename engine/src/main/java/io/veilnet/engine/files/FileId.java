package io.veilnet.engine.files;


/** The 32-byte id of a stored file: the DHT key of its signed manifest record, {@code
 * SHA-256("veilnet-value-key-v1" ‖ owner key ‖ random name)} (see {@link Records}). Immutable. */
public final class FileId extends Id256 implements Comparable<FileId> {
  public static final int LENGTH = Id256.LENGTH;

  private FileId(byte[] bytes) {
    super(bytes);
  }

  /** Wraps a copy of {@code bytes} (exactly 32). */
  public static FileId of(byte[] bytes) {
    return new FileId(checkedCopy(bytes, "FileId"));
  }

  /** Parses 64 hex characters. */
  public static FileId fromHex(String hex) {
    return new FileId(parseHex(hex, "FileId"));
  }

  @Override
  public int compareTo(FileId o) {
    return compareBytes(o);
  }
}
