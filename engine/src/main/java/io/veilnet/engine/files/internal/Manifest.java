package io.veilnet.engine.files.internal;

import io.veilnet.crypto.AeadAlgorithm;
import io.veilnet.crypto.CesConfig;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The root manifest of a file: the value of the signed record under the file id.
 *
 * <pre>
 * "VNM1" ‖ fileId (32) ‖ algorithm (1) ‖ k (2) ‖ n (2) ‖ segmentSize (4) ‖ chunkSize (4) ‖
 * zstdLevel (1) ‖ shardSize (4) ‖ segmentCount (8) ‖ keyScheme (1) ‖ metaLen (2) ‖ meta ‖ table
 * table = level (1) ‖ count (4) ‖ count entries
 * </pre>
 *
 * At table level 0 an entry is one segment's shard ids ({@code n × 32} bytes, shard 0 first); at
 * level L ≥ 1 an entry is the 32-byte content id of a {@link ManifestPage} of level L−1. Pages are
 * content-addressed blobs, so the signature over the root covers the whole tree.
 */
public record Manifest(
    byte[] fileId,
    CesConfig ces,
    int shardSize,
    long segmentCount,
    int keyScheme,
    byte[] encryptedMeta,
    int tableLevel,
    List<byte[]> table) {

  private static final byte[] MAGIC = {'V', 'N', 'M', '1'};
  /** The file key comes from {@code KeyService.requestFileKey(fileId)}. */
  public static final int KEY_SCHEME_KMS_FILE_ID = 1;
  public static final int MAX_META = 4096;
  public static final int ID = 32;

  public Manifest {
    Objects.requireNonNull(fileId, "fileId");
    Objects.requireNonNull(ces, "ces");
    Objects.requireNonNull(encryptedMeta, "encryptedMeta");
    table = List.copyOf(table);
  }

  /** Bytes taken by everything but the table entries. */
  public static int headerSize(int metaLen) {
    return MAGIC.length + ID + 1 + 2 + 2 + 4 + 4 + 1 + 4 + 8 + 1 + 2 + metaLen + 1 + 4;
  }

  public int entrySize() {
    return tableLevel == 0 ? ces.totalShards() * ID : ID;
  }

  public byte[] encode() {
    int size = headerSize(encryptedMeta.length) + table.size() * entrySize();
    ByteBuffer b = ByteBuffer.allocate(size);
    b.put(MAGIC).put(fileId)
        .put((byte) ces.algorithm().ordinal())
        .putShort((short) ces.dataShards())
        .putShort((short) ces.totalShards())
        .putInt(ces.segmentSize())
        .putInt(ces.chunkSize())
        .put((byte) ces.compressionLevel())
        .putInt(shardSize)
        .putLong(segmentCount)
        .put((byte) keyScheme)
        .putShort((short) encryptedMeta.length)
        .put(encryptedMeta)
        .put((byte) tableLevel)
        .putInt(table.size());
    for (byte[] e : table) {
      b.put(e);
    }
    return b.array();
  }

  /** @throws IllegalArgumentException on any malformed field */
  public static Manifest decode(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    try {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      byte[] magic = new byte[MAGIC.length];
      b.get(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IllegalArgumentException("not a manifest (bad magic)");
      }
      byte[] fileId = new byte[ID];
      b.get(fileId);
      int alg = b.get() & 0xff;
      if (alg >= AeadAlgorithm.values().length) {
        throw new IllegalArgumentException("unknown AEAD algorithm " + alg);
      }
      int k = b.getShort() & 0xffff;
      int n = b.getShort() & 0xffff;
      int segmentSize = b.getInt();
      int chunkSize = b.getInt();
      int level = b.get() & 0xff;
      CesConfig ces = CesConfig.builder()
          .algorithm(AeadAlgorithm.values()[alg])
          .erasure(k, n)
          .segmentSize(segmentSize)
          .chunkSize(chunkSize)
          .compressionLevel(level)
          .build();
      int shardSize = b.getInt();
      long segmentCount = b.getLong();
      if (shardSize <= 0 || segmentCount < 0) {
        throw new IllegalArgumentException("bad shard size or segment count");
      }
      int keyScheme = b.get() & 0xff;
      int metaLen = b.getShort() & 0xffff;
      if (metaLen > MAX_META) {
        throw new IllegalArgumentException("encrypted metadata too large: " + metaLen);
      }
      byte[] meta = new byte[metaLen];
      b.get(meta);
      int tableLevel = b.get() & 0xff;
      if (tableLevel > 8) {
        throw new IllegalArgumentException("manifest table too deep: " + tableLevel);
      }
      int count = b.getInt();
      int entry = tableLevel == 0 ? n * ID : ID;
      if (count < 0 || (long) count * entry != b.remaining()) {
        throw new IllegalArgumentException("manifest table size does not match its count");
      }
      List<byte[]> table = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        byte[] e = new byte[entry];
        b.get(e);
        table.add(e);
      }
      return new Manifest(fileId, ces, shardSize, segmentCount, keyScheme, meta, tableLevel, table);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated manifest");
    }
  }
}
