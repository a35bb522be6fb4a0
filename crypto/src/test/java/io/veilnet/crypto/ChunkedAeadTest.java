package io.veilnet.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ChunkedAeadTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] AAD = "file-42".getBytes();
  private static final int CS = 64;

  static ChunkedAead chunked(AeadAlgorithm alg, int chunkSize) {
    return ChunkedAead.create(alg, SymmetricKey.random(alg.keySize(), RANDOM), chunkSize);
  }

  static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  static byte[] encryptStreaming(ChunkedAead c, byte[] pt, byte[] aad, Random writes) throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (OutputStream out = c.newEncryptingStream(sink, aad)) {
      int pos = 0;
      while (pos < pt.length) {
        int n = Math.min(pt.length - pos, 1 + writes.nextInt(3 * c.chunkSize()));
        if (n == 1 && writes.nextBoolean()) {
          out.write(pt[pos]);
        } else {
          out.write(pt, pos, n);
        }
        pos += n;
      }
    }
    return sink.toByteArray();
  }

  static byte[] decryptStreaming(ChunkedAead c, byte[] ct, byte[] aad, Random reads) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = c.newDecryptingStream(new ByteArrayInputStream(ct), aad)) {
      byte[] buf = new byte[3 * c.chunkSize() + 1];
      for (int guard = 0; guard < 10_000_000; guard++) {
        if (reads.nextInt(8) == 0) {
          int b = in.read();
          if (b < 0) {
            break;
          }
          out.write(b);
        } else {
          int n = in.read(buf, 0, 1 + reads.nextInt(buf.length));
          if (n < 0) {
            break;
          }
          out.write(buf, 0, n);
        }
      }
    }
    return out.toByteArray();
  }

  @Provide
  Arbitrary<Integer> sizes() {
    return Arbitraries.oneOf(
        Arbitraries.of(0, 1, CS - 1, CS, CS + 1, 2 * CS, 3 * CS + 7),
        Arbitraries.integers().between(0, 10 * CS));
  }

  @Property(tries = 200)
  void roundTrip_oneShotAndStreaming_allAgree(
      @ForAll AeadAlgorithm alg, @ForAll("sizes") int size, @ForAll long seed) throws IOException {
    ChunkedAead c = chunked(alg, CS);
    byte[] pt = random(size);
    Random rnd = new Random(seed);

    byte[] oneShot = c.encrypt(pt, AAD);
    byte[] streamed = encryptStreaming(c, pt, AAD, rnd);
    assertThat(oneShot).hasSize((int) c.ciphertextLength(size));
    assertThat(streamed).hasSize(oneShot.length);

    assertThat(c.decrypt(oneShot, AAD)).isEqualTo(pt);
    assertThat(c.decrypt(streamed, AAD)).isEqualTo(pt);
    assertThat(decryptStreaming(c, oneShot, AAD, rnd)).isEqualTo(pt);
    assertThat(decryptStreaming(c, streamed, AAD, rnd)).isEqualTo(pt);
  }

  @Property(tries = 60)
  void anyTruncation_isDetected(@ForAll AeadAlgorithm alg, @ForAll @IntRange(max = 4 * CS) int size)
      throws IOException {
    ChunkedAead c = chunked(alg, CS);
    byte[] ct = c.encrypt(random(size), AAD);
    for (int len = 0; len < ct.length; len++) {
      byte[] cut = Arrays.copyOf(ct, len);
      assertThatThrownBy(() -> c.decrypt(cut, AAD)).isExactlyInstanceOf(DecryptionException.class);
      long seed = len;
      assertThatThrownBy(() -> decryptStreaming(c, cut, AAD, new Random(seed)))
          .isExactlyInstanceOf(DecryptionException.class);
    }
  }

  @Property(tries = 30)
  void anyFlippedBit_isDetected(@ForAll AeadAlgorithm alg, @ForAll @IntRange(max = 3 * CS) int size) {
    ChunkedAead c = chunked(alg, CS);
    byte[] ct = c.encrypt(random(size), AAD);
    for (int i = 0; i < ct.length; i++) {
      byte[] t = ct.clone();
      t[i] ^= (byte) (1 << (i & 7));
      assertThatThrownBy(() -> c.decrypt(t, AAD)).isExactlyInstanceOf(DecryptionException.class);
    }
  }

  @ParameterizedTest
  @EnumSource(AeadAlgorithm.class)
  void reorderingDroppingDuplicatingAndAppendingChunks_areDetected(AeadAlgorithm alg) {
    ChunkedAead c = chunked(alg, CS);
    int h = ChunkedAead.headerLength(alg);
    int full = CS + alg.tagSize();
    byte[] ct = c.encrypt(random(3 * CS + 10), AAD); // chunks 0,1,2 full, chunk 3 short
    byte[] header = Arrays.copyOf(ct, h);
    byte[][] chunk = new byte[4][];
    for (int i = 0; i < 4; i++) {
      chunk[i] = Arrays.copyOfRange(ct, h + i * full, Math.min(ct.length, h + (i + 1) * full));
    }
    assertThat(c.decrypt(Bytes.concat(header, chunk[0], chunk[1], chunk[2], chunk[3]), AAD)).hasSize(3 * CS + 10);

    byte[][] attacks = {
      Bytes.concat(header, chunk[1], chunk[0], chunk[2], chunk[3]), // swap
      Bytes.concat(header, chunk[0], chunk[2], chunk[3]), // drop middle
      Bytes.concat(header, chunk[0], chunk[1], chunk[2]), // drop last: truncation at a boundary
      Bytes.concat(header, chunk[0], chunk[0], chunk[1], chunk[2], chunk[3]), // duplicate
      Bytes.concat(header, chunk[0], chunk[1], chunk[2], chunk[3], chunk[3]), // append a copy
      Bytes.concat(ct, new byte[1]), // one trailing byte
      Bytes.concat(ct, new byte[alg.tagSize()]), // a trailing empty "chunk"
    };
    for (byte[] a : attacks) {
      assertThatThrownBy(() -> c.decrypt(a, AAD)).isExactlyInstanceOf(DecryptionException.class);
      assertThatThrownBy(() -> decryptStreaming(c, a, AAD, new Random(1)))
          .isExactlyInstanceOf(DecryptionException.class);
    }
  }

  @ParameterizedTest
  @EnumSource(AeadAlgorithm.class)
  void chunksFromAnotherStreamUnderTheSameKey_areDetected(AeadAlgorithm alg) {
    ChunkedAead c = chunked(alg, CS);
    int h = ChunkedAead.headerLength(alg);
    int full = CS + alg.tagSize();
    byte[] pt = random(2 * CS);
    byte[] a = c.encrypt(pt, AAD);
    byte[] b = c.encrypt(pt, AAD);
    assertThat(a).isNotEqualTo(b);
    byte[] spliced = a.clone();
    System.arraycopy(b, h + full, spliced, h + full, full); // chunk 1 of b into a
    assertThatThrownBy(() -> c.decrypt(spliced, AAD)).isExactlyInstanceOf(DecryptionException.class);
    byte[] headerSwapped = a.clone();
    System.arraycopy(b, 0, headerSwapped, 0, h);
    assertThatThrownBy(() -> c.decrypt(headerSwapped, AAD))
        .isExactlyInstanceOf(DecryptionException.class);
  }

  @ParameterizedTest
  @EnumSource(AeadAlgorithm.class)
  void wrongKeyOrAad_isDetected(AeadAlgorithm alg) {
    ChunkedAead c = chunked(alg, CS);
    byte[] ct = c.encrypt(random(100), AAD);
    assertThatThrownBy(() -> c.decrypt(ct, "file-43".getBytes()))
        .isExactlyInstanceOf(DecryptionException.class);
    assertThatThrownBy(() -> c.decrypt(ct, null)).isExactlyInstanceOf(DecryptionException.class);
    assertThatThrownBy(() -> chunked(alg, CS).decrypt(ct, AAD))
        .isExactlyInstanceOf(DecryptionException.class);
  }

  @Test
  void otherAlgorithmsHeader_isRejected() {
    SymmetricKey key = SymmetricKey.random(32, RANDOM);
    byte[] ct =
        ChunkedAead.create(AeadAlgorithm.CHACHA20_POLY1305, key, CS).encrypt(new byte[10], null);
    ChunkedAead gcm = ChunkedAead.create(AeadAlgorithm.AES_256_GCM, key, CS);
    assertThatThrownBy(() -> gcm.decrypt(ct, null)).isExactlyInstanceOf(DecryptionException.class);
  }

  @Test
  void decrypting_usesTheChunkSizeFromTheHeader() {
    SymmetricKey key = SymmetricKey.random(32, RANDOM);
    byte[] pt = random(1000);
    byte[] ct = ChunkedAead.create(AeadAlgorithm.AES_256_GCM, key, 100).encrypt(pt, AAD);
    assertThat(ChunkedAead.create(AeadAlgorithm.AES_256_GCM, key, 4096).decrypt(ct, AAD))
        .isEqualTo(pt);
    // A changed chunk size field (bytes 2..5) is bound to the subkey.
    byte[] t = ct.clone();
    t[5] = (byte) 200;
    assertThatThrownBy(() -> ChunkedAead.create(AeadAlgorithm.AES_256_GCM, key, 100).decrypt(t, AAD))
        .isExactlyInstanceOf(DecryptionException.class);
  }

  @Test
  void decryptingStream_releasesOnlyAuthenticatedChunks_andFailsFromThenOn() throws IOException {
    ChunkedAead c = chunked(AeadAlgorithm.AES_256_GCM, CS);
    byte[] pt = random(4 * CS);
    byte[] ct = c.encrypt(pt, AAD);
    int h = ChunkedAead.headerLength(AeadAlgorithm.AES_256_GCM);
    ct[h + 2 * (CS + 16) + 5] ^= 1; // damage chunk 2
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    InputStream in = c.newDecryptingStream(new ByteArrayInputStream(ct), AAD);
    byte[] buf = new byte[CS / 2];
    assertThatThrownBy(
            () -> {
              for (int i = 0; i < 100; i++) {
                int n = in.read(buf);
                if (n < 0) {
                  break;
                }
                got.write(buf, 0, n);
              }
            })
        .isExactlyInstanceOf(DecryptionException.class);
    assertThat(got.toByteArray()).isEqualTo(Arrays.copyOf(pt, 2 * CS));
    assertThatThrownBy(in::read).isExactlyInstanceOf(DecryptionException.class);
  }

  @Test
  void decryptingStream_copesWithASourceThatTrickles() throws IOException {
    ChunkedAead c = chunked(AeadAlgorithm.CHACHA20_POLY1305, CS);
    byte[] pt = random(5 * CS + 3);
    byte[] ct = c.encrypt(pt, AAD);
    Random pieces = new Random(7);
    InputStream trickle =
        new ByteArrayInputStream(ct) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 1 + pieces.nextInt(7)));
          }
        };
    try (InputStream in = c.newDecryptingStream(trickle, AAD)) {
      assertThat(in.readAllBytes()).isEqualTo(pt);
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void emptySourceOrGarbageHeader_isADecryptionFailure() {
    ChunkedAead c = chunked(AeadAlgorithm.XCHACHA20_POLY1305, CS);
    assertThatThrownBy(() -> c.newDecryptingStream(new ByteArrayInputStream(new byte[0]), null).read())
        .isExactlyInstanceOf(DecryptionException.class);
    assertThatThrownBy(() -> c.decrypt(new byte[0], null)).isExactlyInstanceOf(DecryptionException.class);
    assertThatThrownBy(() -> c.decrypt(random(200), null)).isExactlyInstanceOf(DecryptionException.class);
  }

  @Test
  void encryptingStream_withoutClose_doesNotDecrypt() throws IOException {
    ChunkedAead c = chunked(AeadAlgorithm.AES_128_GCM, CS);
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    OutputStream out = c.newEncryptingStream(sink, null);
    out.write(random(3 * CS));
    out.flush();
    assertThat(sink.size()).isEqualTo(ChunkedAead.headerLength(AeadAlgorithm.AES_128_GCM) + 2 * (CS + 16));
    assertThatThrownBy(() -> c.decrypt(sink.toByteArray(), null))
        .isExactlyInstanceOf(DecryptionException.class);
    out.close();
    assertThat(c.decrypt(sink.toByteArray(), null)).hasSize(3 * CS);
    assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class);
  }

  @Test
  void sizes_matchTheFormula() {
    AeadAlgorithm gcm = AeadAlgorithm.AES_256_GCM;
    assertThat(ChunkedAead.headerLength(gcm)).isEqualTo(45);
    assertThat(ChunkedAead.headerLength(AeadAlgorithm.XCHACHA20_POLY1305)).isEqualTo(57);
    assertThat(ChunkedAead.ciphertextLength(gcm, 65536, 0)).isEqualTo(45 + 16);
    assertThat(ChunkedAead.ciphertextLength(gcm, 65536, 65536)).isEqualTo(45 + 65536 + 16);
    assertThat(ChunkedAead.ciphertextLength(gcm, 65536, 65537)).isEqualTo(45 + 65537 + 32);
    assertThat(ChunkedAead.ciphertextLength(gcm, 65536, 1L << 40))
        .isEqualTo(45 + (1L << 40) + (1L << 24) * 16);
    assertThatThrownBy(() -> ChunkedAead.ciphertextLength(gcm, 16, 1L << 40))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2^32");
  }

  @Test
  void invalidArguments_areRejected() {
    SymmetricKey k32 = SymmetricKey.random(32, RANDOM);
    assertThatThrownBy(() -> ChunkedAead.create(AeadAlgorithm.AES_256_GCM, k32, 15))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chunk size");
    assertThatThrownBy(() -> ChunkedAead.create(AeadAlgorithm.AES_256_GCM, k32, ChunkedAead.MAX_CHUNK_SIZE + 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ChunkedAead.create(AeadAlgorithm.AES_128_GCM, k32))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("16-byte key");
    ChunkedAead c = ChunkedAead.create(AeadAlgorithm.AES_256_GCM, k32);
    assertThat(c.chunkSize()).isEqualTo(ChunkedAead.DEFAULT_CHUNK_SIZE);
    assertThat(c.toString()).contains("redacted");
    c.close();
    assertThatThrownBy(() -> c.encrypt(new byte[1], null)).isInstanceOf(IllegalStateException.class);
  }
}
