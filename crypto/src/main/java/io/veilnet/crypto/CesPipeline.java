package io.veilnet.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.github.luben.zstd.Zstd;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * The CES pipeline for one segment: zstd compression → padding to one constant size → chunked
 * AEAD → Reed–Solomon k-of-n shards, and back. Padding comes before encryption, so a shard of a
 * short segment is as random-looking as any other and never repeats across files.
 *
 * <p>Every segment of a configuration yields shards of the same size ({@link #shardSize()}),
 * whatever its length or content, so shard sizes leak nothing. The AEAD binds the configuration,
 * the file id and the segment index, so shards cannot be replayed into another file or position.
 * Tampered shards or a wrong key end in a {@link DecryptionException}; too few shards in an {@link
 * ErasureCodingException}.
 *
 * <p>Plaintext layout before encryption: {@code version (1) ‖ codec (1: 0 raw, 1 zstd) ‖ original
 * length (4, big-endian) ‖ payload}. Data that zstd cannot shrink is stored raw, so the padded size
 * is bounded by the segment size rather than zstd's worst case; a 64 KiB sample decides quickly
 * whether a large segment is worth compressing at all.
 *
 * <p>Immutable and thread-safe. The pipeline holds a copy of the key; {@link #close()} zeroes it.
 */
public final class CesPipeline implements AutoCloseable {
  private static final byte VERSION = 1;
  private static final byte CODEC_RAW = 0;
  private static final byte CODEC_ZSTD = 1;
  private static final int HEADER = 6;
  /** Shard sizes are multiples of this, which keeps the erasure coder on its fast path. */
  private static final int SHARD_ALIGN = 64;
  private static final byte[] AAD_LABEL = "veilnet/ces/v1".getBytes(UTF_8);
  private static final byte[] NO_FILE = new byte[0];
  private static final int SAMPLE = 64 * 1024;

  private final CesConfig config;
  private final SymmetricKey key;
  private final ChunkedAead aead;
  private final ReedSolomon rs;
  /** Plaintext size after padding: header, the largest payload, and the padding marker. */
  private final int paddedPlainSize;
  /** Ciphertext size of a padded plaintext: the same for every segment. */
  private final int sealedSize;
  /** {@code k × shardSize}: the sealed bytes rounded up to whole, aligned shards. */
  private final int paddedSize;
  private final int shardSize;

  private CesPipeline(CesConfig config, SymmetricKey key) {
    this.config = config;
    this.key = key;
    this.aead = ChunkedAead.create(config.algorithm(), key, config.chunkSize());
    this.rs = ReedSolomon.create(config.dataShards(), config.totalShards());
    this.paddedPlainSize = HEADER + config.segmentSize() + 1; // +1: the padding marker byte
    long sealed = aead.ciphertextLength(paddedPlainSize);
    long unit = (long) SHARD_ALIGN * config.dataShards();
    long padded = ((sealed + unit - 1) / unit) * unit;
    if (padded > Integer.MAX_VALUE - 64) {
      throw new IllegalArgumentException("segment size too large for this configuration");
    }
    this.sealedSize = (int) sealed;
    this.paddedSize = (int) padded;
    this.shardSize = (int) (padded / config.dataShards());
  }

  /**
   * @param key the file key; copied, so the caller may close its own
   */
  public static CesPipeline create(CesConfig config, SymmetricKey key) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(key, "key");
    if (key.length() != config.algorithm().keySize()) {
      throw new IllegalArgumentException(
          config.algorithm() + " needs a " + config.algorithm().keySize() + "-byte key, got " + key.length());
    }
    byte[] raw = key.bytes();
    try {
      return new CesPipeline(config, SymmetricKey.of(raw));
    } finally {
      Bytes.zero(raw);
    }
  }

  public CesConfig config() {
    return config;
  }

  /** Size in bytes of every shard this pipeline produces. */
  public int shardSize() {
    return shardSize;
  }

  /** Encodes one segment (at most {@code segmentSize} bytes) with no file binding. */
  public byte[][] process(byte[] data) {
    return process(data, NO_FILE, 0);
  }

  /** Rebuilds a segment made by {@link #process(byte[])}. */
  public byte[] reconstruct(byte[][] shards, boolean[] present) {
    return reconstruct(shards, present, NO_FILE, 0);
  }

  /**
   * Encodes one segment of a file.
   *
   * @return {@code totalShards} arrays of {@link #shardSize()} bytes; the first {@code dataShards}
   *     are data, the rest parity
   */
  public byte[][] process(byte[] data, byte[] fileId, long segmentIndex) {
    Objects.requireNonNull(data, "data");
    checkContext(fileId, segmentIndex);
    if (data.length > config.segmentSize()) {
      throw new IllegalArgumentException(
          "segment is " + data.length + " bytes; the maximum is " + config.segmentSize());
    }
    // Pad before encrypting: every byte of every shard is then ciphertext (or a constant alignment
    // tail of under 64 bytes per data shard), so shards reveal neither the segment's length nor
    // repeat across files, which zero padding after encryption would.
    byte[] framed = frame(data);
    byte[] plain = Padding.padTo(framed, paddedPlainSize);
    Bytes.zero(framed);
    byte[] sealed;
    try {
      sealed = aead.encrypt(plain, aad(fileId, segmentIndex));
    } finally {
      Bytes.zero(plain);
    }
    if (sealed.length != sealedSize) {
      throw new IllegalStateException("sealed segment is " + sealed.length + " bytes, expected " + sealedSize);
    }
    byte[] padded = Arrays.copyOf(sealed, paddedSize);
    int k = config.dataShards();
    byte[][] shards = new byte[config.totalShards()][];
    for (int i = 0; i < k; i++) {
      shards[i] = Arrays.copyOfRange(padded, i * shardSize, (i + 1) * shardSize);
    }
    for (int i = k; i < shards.length; i++) {
      shards[i] = new byte[shardSize];
    }
    rs.encodeParity(shards, 0, shardSize);
    return shards;
  }

  /**
   * Rebuilds a segment from any {@code dataShards} of its shards.
   *
   * @param shards {@code totalShards} entries; absent ones may be null
   * @param present which entries hold a shard (not modified)
   * @throws ErasureCodingException if fewer than {@code dataShards} are present
   * @throws DecryptionException if the shards were tampered with or the key, file or index is wrong
   */
  public byte[] reconstruct(byte[][] shards, boolean[] present, byte[] fileId, long segmentIndex) {
    Objects.requireNonNull(shards, "shards");
    Objects.requireNonNull(present, "present");
    checkContext(fileId, segmentIndex);
    int n = config.totalShards();
    int k = config.dataShards();
    if (shards.length != n || present.length != n) {
      throw new IllegalArgumentException(
          "expected " + n + " shard slots, got " + shards.length + " shards and " + present.length + " flags");
    }
    int have = 0;
    for (int i = 0; i < n; i++) {
      if (present[i]) {
        if (shards[i] == null || shards[i].length != shardSize) {
          throw new IllegalArgumentException(
              "shard " + i + " must be " + shardSize + " bytes, got " + (shards[i] == null ? "null" : shards[i].length));
        }
        have++;
      }
    }
    if (have < k) {
      throw new ErasureCodingException("need " + k + " of " + n + " shards, only " + have + " present");
    }
    byte[][] work = new byte[n][];
    boolean dataComplete = true;
    for (int i = 0; i < n; i++) {
      if (present[i]) {
        work[i] = shards[i];
      } else if (i < k) {
        dataComplete = false;
      }
    }
    if (!dataComplete) {
      // Decode into copies so the caller's arrays stay untouched.
      for (int i = 0; i < n; i++) {
        work[i] = present[i] ? shards[i].clone() : new byte[shardSize];
      }
      rs.reconstruct(work, present.clone(), 0, shardSize);
    }
    byte[] padded = new byte[paddedSize];
    for (int i = 0; i < k; i++) {
      System.arraycopy(work[i], 0, padded, i * shardSize, shardSize);
    }
    int tail = 0;
    for (int i = sealedSize; i < paddedSize; i++) {
      tail |= padded[i];
    }
    if (tail != 0) {
      throw new DecryptionException();
    }
    byte[] plain = aead.decrypt(Arrays.copyOf(padded, sealedSize), aad(fileId, segmentIndex));
    byte[] framed = null;
    try {
      framed = Padding.unpad(plain);
      return unframe(framed);
    } catch (DecryptionException e) {
      throw e;
    } catch (CryptoException e) {
      throw new DecryptionException();
    } finally {
      Bytes.zero(plain);
      Bytes.zero(framed);
    }
  }

  private byte[] frame(byte[] data) {
    int level = config.compressionLevel();
    if (level > 0 && data.length > 0 && looksCompressible(data)) {
      int bound = (int) Zstd.compressBound(data.length);
      byte[] out = new byte[HEADER + bound];
      long written = Zstd.compressByteArray(out, HEADER, bound, data, 0, data.length, level);
      if (Zstd.isError(written)) {
        throw new CryptoException("compression failed: " + Zstd.getErrorName(written));
      }
      if (written < data.length) {
        writeHeader(out, CODEC_ZSTD, data.length);
        byte[] framed = Arrays.copyOf(out, HEADER + (int) written);
        Bytes.zero(out);
        return framed;
      }
      Bytes.zero(out);
    }
    byte[] framed = new byte[HEADER + data.length];
    writeHeader(framed, CODEC_RAW, data.length);
    System.arraycopy(data, 0, framed, HEADER, data.length);
    return framed;
  }

  /**
   * For large segments, compresses a 64 KiB sample at the fastest level first: if that saves less
   * than 3%, the segment is almost surely already compressed or encrypted data, and compressing
   * it all would cost time for nothing. Small segments are always tried in full.
   */
  private static boolean looksCompressible(byte[] data) {
    if (data.length < 4 * SAMPLE) {
      return true;
    }
    byte[] out = new byte[(int) Zstd.compressBound(SAMPLE)];
    long n = Zstd.compressByteArray(out, 0, out.length, data, 0, SAMPLE, 1);
    return Zstd.isError(n) || n < SAMPLE - SAMPLE / 32;
  }

  private byte[] unframe(byte[] plain) {
    // The AEAD has authenticated these bytes, so a bad header means a bug or a key/format clash;
    // still, check every field before trusting it.
    if (plain.length < HEADER || plain[0] != VERSION) {
      throw new DecryptionException();
    }
    int original = ByteBuffer.wrap(plain, 2, 4).getInt();
    if (original < 0 || original > config.segmentSize()) {
      throw new DecryptionException();
    }
    int payload = plain.length - HEADER;
    switch (plain[1]) {
      case CODEC_RAW -> {
        if (payload != original) {
          throw new DecryptionException();
        }
        return Arrays.copyOfRange(plain, HEADER, plain.length);
      }
      case CODEC_ZSTD -> {
        byte[] out = new byte[original];
        long n = Zstd.decompressByteArray(out, 0, original, plain, HEADER, payload);
        if (Zstd.isError(n) || n != original) {
          throw new DecryptionException();
        }
        return out;
      }
      default -> throw new DecryptionException();
    }
  }

  private static void writeHeader(byte[] out, byte codec, int originalLength) {
    out[0] = VERSION;
    out[1] = codec;
    out[2] = (byte) (originalLength >>> 24);
    out[3] = (byte) (originalLength >>> 16);
    out[4] = (byte) (originalLength >>> 8);
    out[5] = (byte) originalLength;
  }

  private byte[] aad(byte[] fileId, long segmentIndex) {
    ByteBuffer b = ByteBuffer.allocate(AAD_LABEL.length + 1 + 2 + 2 + 4 + 4 + 2 + fileId.length + 8);
    b.put(AAD_LABEL)
        .put((byte) config.algorithm().ordinal())
        .putShort((short) config.dataShards())
        .putShort((short) config.totalShards())
        .putInt(config.segmentSize())
        .putInt(config.chunkSize())
        .putShort((short) fileId.length)
        .put(fileId)
        .putLong(segmentIndex);
    return b.array();
  }

  private static void checkContext(byte[] fileId, long segmentIndex) {
    Objects.requireNonNull(fileId, "fileId");
    if (fileId.length > 1024) {
      throw new IllegalArgumentException("file id must be at most 1024 bytes, got " + fileId.length);
    }
    if (segmentIndex < 0) {
      throw new IllegalArgumentException("segment index must be >= 0, got " + segmentIndex);
    }
  }

  @Override
  public void close() {
    key.close();
  }

  @Override
  public String toString() {
    return "CesPipeline[" + config + ", shard=" + shardSize + " bytes]";
  }
}
