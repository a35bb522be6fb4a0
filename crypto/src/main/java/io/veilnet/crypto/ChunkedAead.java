package io.veilnet.crypto;

import io.veilnet.crypto.internal.AbstractAead;
import io.veilnet.crypto.internal.AeadFactory;
import io.veilnet.crypto.internal.Randoms;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Chunked authenticated encryption for large data: the STREAM construction (Hoang, Reyhanitabar,
 * Rogaway, Vizár 2015), as in Tink's streaming AEAD and age. The plaintext is cut into chunks
 * (default {@value #DEFAULT_CHUNK_SIZE} bytes); each chunk is sealed on its own under a per-stream
 * subkey with nonce {@code prefix ‖ counter ‖ lastFlag}. Truncation, reordering, dropping,
 * duplicating or appending chunks and splicing chunks between streams are all detected, and
 * memory stays bounded by one chunk in the streaming API. One-shot and streaming produce the same
 * format, so either side can use either API.
 *
 * <p>Byte format (see docs/crypto.md, "AEAD and chunked framing"):
 *
 * <pre>
 * header  = version(1) = 0x01 ‖ algorithm id(1) ‖ chunkSize(4, big-endian) ‖ salt(32) ‖ prefix(nonceSize-5)
 * subkey  = HKDF-SHA256(ikm = key, salt = salt, info = "veilnet-chunked-aead-v1" ‖ 0x00 ‖ header ‖ aad, keySize)
 * chunk i = AEAD(subkey, nonce = prefix ‖ i(4, big-endian) ‖ (last ? 0x01 : 0x00), aad = empty)
 * stream  = header ‖ chunk 0 ‖ … ‖ chunk n-1
 * </pre>
 *
 * Every chunk but the last holds exactly {@code chunkSize} plaintext bytes; the last holds 1 to
 * {@code chunkSize} bytes, or 0 only when the whole plaintext is empty. The header and the
 * caller's associated data are bound to every chunk through the subkey.
 *
 * <p>Instances are thread-safe; the streams they create are not. {@link #close()} zeroes the
 * key copy held by this object; close only when no call is in progress.
 */
public final class ChunkedAead implements AutoCloseable {
  /** Default plaintext bytes per chunk: large enough to amortise per-call costs, small enough for the JIT. */
  public static final int DEFAULT_CHUNK_SIZE = 64 * 1024;
  /** Smallest accepted chunk size. */
  public static final int MIN_CHUNK_SIZE = 16;
  /**
   * Largest accepted chunk size, also when read from a header: a decrypting stream buffers one
   * chunk, so this bounds the memory an untrusted stream can make it allocate.
   */
  public static final int MAX_CHUNK_SIZE = 8 * 1024 * 1024;

  static final byte VERSION = 1;
  static final int SALT_SIZE = 32;
  private static final int FIXED_HEADER = 1 + 1 + 4 + SALT_SIZE;
  private static final long MAX_CHUNKS = 1L << 32;
  private static final byte[] LABEL = "veilnet-chunked-aead-v1\0".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EMPTY = new byte[0];

  private final AeadAlgorithm algorithm;
  private final int chunkSize;
  private final byte[] key;
  private volatile boolean closed;

  private ChunkedAead(AeadAlgorithm algorithm, byte[] key, int chunkSize) {
    this.algorithm = algorithm;
    this.key = key;
    this.chunkSize = chunkSize;
  }

  /** A chunked AEAD with {@link #DEFAULT_CHUNK_SIZE}. */
  public static ChunkedAead create(AeadAlgorithm algorithm, SymmetricKey key) {
    return create(algorithm, key, DEFAULT_CHUNK_SIZE);
  }

  /**
   * A chunked AEAD that writes chunks of {@code chunkSize} plaintext bytes. Decryption reads the
   * chunk size from the header, so it accepts data written with any valid chunk size.
   *
   * @throws IllegalArgumentException if the key length does not match the algorithm or the chunk
   *     size is outside [{@value #MIN_CHUNK_SIZE}, {@value #MAX_CHUNK_SIZE}]
   */
  public static ChunkedAead create(AeadAlgorithm algorithm, SymmetricKey key, int chunkSize) {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(key, "key");
    checkChunkSize(chunkSize);
    if (key.isDestroyed()) {
      throw new IllegalArgumentException("key has been closed");
    }
    if (key.length() != algorithm.keySize()) {
      throw new IllegalArgumentException(
          algorithm + " needs a " + algorithm.keySize() + "-byte key, got " + key.length());
    }
    return new ChunkedAead(algorithm, key.bytes(), chunkSize);
  }

  private static void checkChunkSize(int chunkSize) {
    if (chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
      throw new IllegalArgumentException(
          "chunk size must be " + MIN_CHUNK_SIZE + ".." + MAX_CHUNK_SIZE + ", got " + chunkSize);
    }
  }

  public AeadAlgorithm algorithm() {
    return algorithm;
  }

  public int chunkSize() {
    return chunkSize;
  }

  /** Header length for {@code algorithm}: 45 bytes with a 12-byte nonce, 57 for XChaCha20. */
  public static int headerLength(AeadAlgorithm algorithm) {
    return FIXED_HEADER + prefixLength(algorithm);
  }

  private static int prefixLength(AeadAlgorithm algorithm) {
    return algorithm.nonceSize() - 5;
  }

  /** Ciphertext length for {@code plaintextLength} bytes under this instance's settings. */
  public long ciphertextLength(long plaintextLength) {
    return ciphertextLength(algorithm, chunkSize, plaintextLength);
  }

  /**
   * Ciphertext length: {@code header + plaintextLength + chunks × tagSize}, where {@code chunks =
   * max(1, ceil(plaintextLength / chunkSize))}.
   *
   * @throws IllegalArgumentException for a negative length, an invalid chunk size, or more than
   *     2³² chunks
   */
  public static long ciphertextLength(AeadAlgorithm algorithm, int chunkSize, long plaintextLength) {
    checkChunkSize(chunkSize);
    if (plaintextLength < 0) {
      throw new IllegalArgumentException("plaintext length must be >= 0, got " + plaintextLength);
    }
    long chunks = chunkCount(plaintextLength, chunkSize);
    if (chunks > MAX_CHUNKS) {
      throw new IllegalArgumentException("more than 2^32 chunks of " + chunkSize + " bytes");
    }
    return headerLength(algorithm) + plaintextLength + chunks * algorithm.tagSize();
  }

  private static long chunkCount(long plaintextLength, int chunkSize) {
    return plaintextLength == 0 ? 1 : (plaintextLength + chunkSize - 1) / chunkSize;
  }

  // ---------------------------------------------------------------------------------------------
  // One-shot

  /** Encrypts {@code plaintext} into {@code header ‖ chunks}; {@code aad} may be null (empty). */
  public byte[] encrypt(byte[] plaintext, byte[] aad) {
    return encrypt(plaintext, aad, Randoms.bytes(SALT_SIZE + prefixLength(algorithm)));
  }

  /** {@link #encrypt} with given salt ‖ nonce prefix instead of fresh random ones: for test vectors only. */
  byte[] encrypt(byte[] plaintext, byte[] aad, byte[] saltAndPrefix) {
    Objects.requireNonNull(plaintext, "plaintext");
    long total = ciphertextLength(plaintext.length);
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("ciphertext would exceed the maximum array size; use a stream");
    }
    byte[] out = new byte[(int) total];
    Framer framer = Framer.forEncryption(this, aad, saltAndPrefix);
    int pos = framer.writeHeader(out, 0);
    int in = 0;
    long i = 0;
    do {
      int n = Math.min(chunkSize, plaintext.length - in);
      boolean last = in + n == plaintext.length;
      pos += framer.seal(i++, last, plaintext, in, n, out, pos);
      in += n;
    } while (in < plaintext.length);
    return out;
  }

  /**
   * Reverses {@link #encrypt} (or a stream from {@link #newEncryptingStream}).
   *
   * @throws DecryptionException on any failure: wrong key or associated data, a damaged,
   *     truncated, extended or reordered ciphertext, or a malformed header
   */
  public byte[] decrypt(byte[] ciphertext, byte[] aad) {
    Objects.requireNonNull(ciphertext, "ciphertext");
    Framer framer = Framer.forDecryption(this, ciphertext, 0, ciphertext.length, aad);
    int h = framer.headerLength;
    int cs = framer.chunkSize;
    int tag = algorithm.tagSize();
    long body = ciphertext.length - h;
    long full = cs + tag;
    long chunks = (body + full - 1) / full;
    long lastLen = body - (chunks - 1) * full;
    if (chunks == 0 || lastLen < tag || (lastLen == tag && chunks > 1)) {
      throw new DecryptionException();
    }
    byte[] out = new byte[(int) (body - chunks * tag)];
    int pos = h;
    int outPos = 0;
    try {
      for (long i = 0; i < chunks; i++) {
        boolean last = i == chunks - 1;
        int len = last ? (int) lastLen : (int) full;
        outPos += framer.open(i, last, ciphertext, pos, len, out, outPos);
        pos += len;
      }
    } catch (DecryptionException e) {
      Arrays.fill(out, (byte) 0);
      throw e;
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Streaming

  /**
   * An output stream that encrypts into {@code sink}. Each full chunk is written once the next
   * byte arrives (only then is it known not to be the last); {@link OutputStream#close()} seals
   * the final chunk and closes {@code sink}. Without {@code close()} the output is incomplete and
   * will not decrypt. {@code flush()} flushes {@code sink} but cannot push out a partial chunk.
   */
  public OutputStream newEncryptingStream(OutputStream sink, byte[] aad) {
    Objects.requireNonNull(sink, "sink");
    Framer framer = Framer.forEncryption(this, aad, Randoms.bytes(SALT_SIZE + prefixLength(algorithm)));
    return new EncryptingStream(framer, sink, chunkSize, algorithm.tagSize());
  }

  /**
   * An input stream that decrypts {@code source}. It releases a chunk's plaintext only after that
   * chunk's tag has been verified, and at the end of {@code source} it checks that the last chunk
   * was sealed as last, so a truncated stream fails rather than ending early. Failures are thrown
   * as (unchecked) {@link DecryptionException} from {@code read}; I/O errors of the source pass
   * through as {@link IOException}. {@code close()} closes {@code source}.
   */
  public InputStream newDecryptingStream(InputStream source, byte[] aad) {
    Objects.requireNonNull(source, "source");
    return new DecryptingStream(this, source, aad == null ? EMPTY : aad.clone());
  }

  /** Zeroes the key copy; later calls fail with {@link IllegalStateException}. Idempotent. */
  @Override
  public void close() {
    closed = true;
    Arrays.fill(key, (byte) 0);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("ChunkedAead has been closed");
    }
  }

  /** A copy of the key, checked live before and after copying (close() may race with a call). */
  private byte[] liveKey() {
    checkOpen();
    byte[] k = key.clone();
    if (closed) {
      Bytes.zero(k);
      checkOpen();
    }
    return k;
  }

  @Override
  public String toString() {
    return "ChunkedAead[" + algorithm + ", chunk " + chunkSize + ", key redacted]";
  }

  private static byte algorithmId(AeadAlgorithm algorithm) {
    switch (algorithm) {
      case AES_128_GCM:
        return 1;
      case AES_256_GCM:
        return 2;
      case CHACHA20_POLY1305:
        return 3;
      case XCHACHA20_POLY1305:
        return 4;
      default:
        throw new IllegalArgumentException("unsupported AEAD: " + algorithm);
    }
  }

  /**
   * The per-stream state: the header, the subkey AEAD and a nonce buffer. Not thread-safe; one per
   * stream or one-shot call.
   */
  private static final class Framer {
    final byte[] header;
    final int headerLength;
    final int chunkSize;
    private final AbstractAead aead;
    private final byte[] nonce;
    private final int prefixLength;

    private Framer(ChunkedAead owner, byte[] header, int chunkSize, byte[] aad) {
      this.header = header;
      this.headerLength = header.length;
      this.chunkSize = chunkSize;
      AeadAlgorithm alg = owner.algorithm;
      this.prefixLength = prefixLength(alg);
      this.nonce = new byte[alg.nonceSize()];
      System.arraycopy(header, FIXED_HEADER, nonce, 0, prefixLength);
      // info = LABEL ‖ header ‖ aad and salt = header[6, 38), fed to HKDF without copying.
      byte[] ikm = owner.liveKey();
      byte[] subkey;
      try {
        subkey = Hkdf.derive(ikm, header, 6, SALT_SIZE, alg.keySize(), LABEL, header, aad == null ? EMPTY : aad);
      } finally {
        Bytes.zero(ikm);
      }
      try {
        this.aead = AeadFactory.create(alg, subkey);
      } finally {
        Bytes.zero(subkey);
      }
    }

    static Framer forEncryption(ChunkedAead owner, byte[] aad, byte[] saltAndPrefix) {
      AeadAlgorithm alg = owner.algorithm;
      byte[] header = new byte[headerLength(alg)];
      header[0] = VERSION;
      header[1] = algorithmId(alg);
      putInt(header, 2, owner.chunkSize);
      System.arraycopy(saltAndPrefix, 0, header, 6, header.length - 6);
      return new Framer(owner, header, owner.chunkSize, aad);
    }

    /** Parses and checks the header at {@code in[off, off+len)}; any mismatch is a DecryptionException. */
    static Framer forDecryption(ChunkedAead owner, byte[] in, int off, int len, byte[] aad) {
      AeadAlgorithm alg = owner.algorithm;
      int h = headerLength(alg);
      if (len < h + alg.tagSize() || in[off] != VERSION || in[off + 1] != algorithmId(alg)) {
        throw new DecryptionException();
      }
      int cs = getInt(in, off + 2);
      if (cs < MIN_CHUNK_SIZE || cs > MAX_CHUNK_SIZE) {
        throw new DecryptionException();
      }
      return new Framer(owner, Arrays.copyOfRange(in, off, off + h), cs, aad);
    }

    int writeHeader(byte[] out, int off) {
      System.arraycopy(header, 0, out, off, headerLength);
      return headerLength;
    }

    private void setNonce(long index, boolean last) {
      if (index >= MAX_CHUNKS) {
        throw new CryptoException("stream exceeds 2^32 chunks");
      }
      putInt(nonce, prefixLength, (int) index);
      nonce[prefixLength + 4] = last ? (byte) 1 : 0;
    }

    int seal(long index, boolean last, byte[] in, int inOff, int len, byte[] out, int outOff) {
      setNonce(index, last);
      return aead.seal(nonce, 0, in, inOff, len, EMPTY, out, outOff);
    }

    int open(long index, boolean last, byte[] in, int inOff, int len, byte[] out, int outOff) {
      if (index >= MAX_CHUNKS) {
        throw new DecryptionException();
      }
      setNonce(index, last);
      return aead.open(nonce, 0, in, inOff, len, EMPTY, out, outOff);
    }
  }

  private static void putInt(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }

  private static int getInt(byte[] b, int off) {
    return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
  }

  /** Buffers one chunk; seals a full chunk as non-final only when more data arrives. */
  private static final class EncryptingStream extends OutputStream {
    private final Framer framer;
    private final OutputStream sink;
    private final byte[] plain;
    private final byte[] sealed;
    private int buffered;
    private long index;
    private boolean headerWritten;
    private boolean closed;

    EncryptingStream(Framer framer, OutputStream sink, int chunkSize, int tagSize) {
      this.framer = framer;
      this.sink = sink;
      this.plain = new byte[chunkSize];
      this.sealed = new byte[chunkSize + tagSize];
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      ensureOpen();
      while (len > 0) {
        if (buffered == plain.length) {
          emit(false); // more data follows, so the buffered chunk is not the last
        }
        int n = Math.min(len, plain.length - buffered);
        System.arraycopy(b, off, plain, buffered, n);
        buffered += n;
        off += n;
        len -= n;
      }
    }

    private void emit(boolean last) throws IOException {
      writeHeaderOnce();
      int n = framer.seal(index++, last, plain, 0, buffered, sealed, 0);
      sink.write(sealed, 0, n);
      buffered = 0;
    }

    private void writeHeaderOnce() throws IOException {
      if (!headerWritten) {
        sink.write(framer.header);
        headerWritten = true;
      }
    }

    @Override
    public void flush() throws IOException {
      ensureOpen();
      sink.flush();
    }

    private void ensureOpen() throws IOException {
      if (closed) {
        throw new IOException("stream closed");
      }
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try (OutputStream s = sink) {
        emit(true);
        s.flush();
      } finally {
        Arrays.fill(plain, (byte) 0);
      }
    }
  }

  /**
   * Reads one sealed chunk plus one byte of look-ahead (to learn whether the chunk is the last),
   * opens it, and only then serves its plaintext.
   */
  private static final class DecryptingStream extends InputStream {
    private final ChunkedAead owner;
    private final InputStream source;
    private final byte[] aad;
    private Framer framer;
    private byte[] sealed; // chunk + 1 look-ahead byte
    private int sealedLength; // bytes of `sealed` currently held (incl. look-ahead)
    private byte[] plain;
    private int plainPos;
    private int plainEnd;
    private long index;
    private boolean finished; // last chunk opened
    private boolean failed;
    private boolean closed;

    DecryptingStream(ChunkedAead owner, InputStream source, byte[] aad) {
      this.owner = owner;
      this.source = source;
      this.aad = aad;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (closed) {
        throw new IOException("stream closed");
      }
      if (failed) {
        throw new DecryptionException();
      }
      if (len == 0) {
        return 0;
      }
      while (plainPos == plainEnd) {
        if (finished) {
          return -1;
        }
        try {
          nextChunk();
        } catch (DecryptionException e) {
          failed = true;
          throw e;
        }
      }
      int n = Math.min(len, plainEnd - plainPos);
      System.arraycopy(plain, plainPos, b, off, n);
      plainPos += n;
      return n;
    }

    @Override
    public int available() {
      return plainEnd - plainPos;
    }

    private void nextChunk() throws IOException {
      if (framer == null) {
        readHeader();
      }
      int tag = owner.algorithm.tagSize();
      int full = framer.chunkSize + tag;
      // `sealed` may already hold one look-ahead byte from the previous round.
      sealedLength += readFully(sealed, sealedLength, full + 1 - sealedLength);
      boolean last = sealedLength <= full;
      int chunkLength = last ? sealedLength : full;
      if (chunkLength < tag || (last && chunkLength == tag && index > 0)) {
        throw new DecryptionException(); // truncated inside a chunk, or an empty non-first last chunk
      }
      plainEnd = framer.open(index++, last, sealed, 0, chunkLength, plain, 0);
      plainPos = 0;
      if (last) {
        finished = true;
        sealedLength = 0;
      } else {
        sealed[0] = sealed[full];
        sealedLength = 1;
      }
    }

    private void readHeader() throws IOException {
      AeadAlgorithm alg = owner.algorithm;
      int h = headerLength(alg);
      byte[] header = new byte[h + alg.tagSize()];
      int n = readFully(header, 0, header.length);
      // forDecryption rejects short input (a stream needs header + at least one tag).
      framer = Framer.forDecryption(owner, header, 0, n, aad);
      int full = framer.chunkSize + alg.tagSize();
      sealed = new byte[full + 1];
      plain = new byte[framer.chunkSize];
      System.arraycopy(header, h, sealed, 0, alg.tagSize());
      sealedLength = alg.tagSize();
    }

    /** Reads until {@code len} bytes or end of stream; returns the count read. */
    private int readFully(byte[] b, int off, int len) throws IOException {
      int total = 0;
      while (total < len) {
        int n = source.read(b, off + total, len - total);
        if (n < 0) {
          break;
        }
        if (n == 0) {
          // InputStream.read(b, off, len > 0) must block or return -1; 0 would spin forever.
          throw new IOException("source returned 0 bytes");
        }
        total += n;
      }
      return total;
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      if (plain != null) {
        Arrays.fill(plain, (byte) 0);
      }
      source.close();
    }
  }
}
