package io.veilnet.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ChunkedAead runs on per-thread state that outlives a call: the JDK ciphers in {@code Jce} and
 * the HMAC instance behind {@link Hkdf}. A message's subkey must be the only thing that reaches
 * its bytes, whichever thread runs it, whatever ran on that thread before, and however the
 * previous message ended.
 */
class ChunkedAeadThreadCacheTest {
  private static final int THREADS = 4;
  private static final byte[] AAD = ChunkedAeadVectorTest.AAD;

  /** Fixed salt ‖ prefix, so encryption is deterministic and can be compared byte for byte. */
  private static byte[] saltAndPrefix(AeadAlgorithm alg) {
    byte[] prefix = new byte[alg.nonceSize() - 5];
    for (int i = 0; i < prefix.length; i++) {
      prefix[i] = (byte) (0x60 + i);
    }
    return Bytes.concat(ChunkedAeadVectorTest.SALT, prefix);
  }

  private static ChunkedAead vectorInstance(AeadAlgorithm alg, int chunkSize) {
    byte[] key = Arrays.copyOf(ChunkedAeadVectorTest.KEY, alg.keySize());
    return ChunkedAead.create(alg, SymmetricKey.of(key), chunkSize);
  }

  private static byte[] plaintext(int size) {
    byte[] pt = new byte[size];
    new Random(size).nextBytes(pt);
    return pt;
  }

  /** The documented vector for AES-256-GCM (docs/crypto.md), to tie the cases below to the format. */
  private static final String AES_256_VECTOR =
      "010200000010404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f60616263646566b127b3803562faa66599bf8e2c37b18742a52cb742ecd2b44116d2c35198574e8f6816b87772ce2946d00b092cca61216cdccf740e382c5104b507d46a8f568c2b574cfd9f27c9a496b85ed40f1d174b67";

  private static void assertDocumentedVectorStillHolds() {
    ChunkedAead c = vectorInstance(AeadAlgorithm.AES_256_GCM, 16);
    byte[] pt = Arrays.copyOf(ChunkedAeadVectorTest.PLAINTEXT, 33);
    assertThat(Bytes.toHex(c.encrypt(pt, AAD, saltAndPrefix(AeadAlgorithm.AES_256_GCM))))
        .isEqualTo(AES_256_VECTOR);
    assertThat(c.decrypt(Bytes.fromHex(AES_256_VECTOR), AAD)).isEqualTo(pt);
  }

  @ParameterizedTest
  @EnumSource(AeadAlgorithm.class)
  void concurrentThreads_interleavingOtherKeys_produceIdenticalBytes(AeadAlgorithm alg)
      throws Exception {
    // Sizes cross the one-call limit of the JDK path (64 KiB) and the chunk boundaries.
    int[] chunkSizes = {16, 4096, 64 * 1024, 200 * 1024};
    int[] sizes = {0, 1, 33, 4096, 70_000, 450_000};
    List<byte[]> expected = new ArrayList<>();
    for (int cs : chunkSizes) {
      for (int size : sizes) {
        expected.add(vectorInstance(alg, cs).encrypt(plaintext(size), AAD, saltAndPrefix(alg)));
      }
    }
    CyclicBarrier start = new CyclicBarrier(THREADS);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<List<byte[]>>> results = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int seed = t;
        Callable<List<byte[]>> task =
            () -> {
              Random r = new Random(seed);
              // Other keys on the same thread between our calls, so the per-thread state switches.
              ChunkedAead other =
                  ChunkedAead.create(alg, SymmetricKey.random(alg.keySize(), new SecureRandom()));
              start.await(10, TimeUnit.SECONDS);
              List<byte[]> out = new ArrayList<>();
              int i = 0;
              for (int cs : chunkSizes) {
                ChunkedAead c = vectorInstance(alg, cs);
                for (int size : sizes) {
                  byte[] noise = other.encrypt(plaintext(r.nextInt(3000)), null);
                  byte[] ct = c.encrypt(plaintext(size), AAD, saltAndPrefix(alg));
                  assertThat(other.decrypt(noise, null)).isNotNull();
                  assertThat(c.decrypt(expected.get(i++), AAD)).isEqualTo(plaintext(size));
                  out.add(ct);
                }
              }
              return out;
            };
        results.add(pool.submit(task));
      }
      for (Future<List<byte[]>> f : results) {
        List<byte[]> got = f.get(60, TimeUnit.SECONDS);
        assertThat(got).hasSameSizeAs(expected);
        for (int i = 0; i < got.size(); i++) {
          assertThat(got.get(i)).as("case %d", i).isEqualTo(expected.get(i));
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertDocumentedVectorStillHolds();
  }

  @ParameterizedTest
  @EnumSource(AeadAlgorithm.class)
  void decryptionFailingMidMessage_doesNotAffectTheNextMessageOnTheThread(AeadAlgorithm alg)
      throws IOException {
    for (int cs : new int[] {16, 64 * 1024, 200 * 1024}) {
      ChunkedAead c = vectorInstance(alg, cs);
      byte[] pt = plaintext(3 * cs + 5);
      byte[] good = c.encrypt(pt, AAD, saltAndPrefix(alg));
      byte[] lastChunkDamaged = good.clone();
      lastChunkDamaged[good.length - 3] ^= 1; // chunks 0..2 open, chunk 3 fails
      byte[] middleChunkDamaged = good.clone();
      middleChunkDamaged[ChunkedAead.headerLength(alg) + cs + alg.tagSize() + 1] ^= 1;

      for (byte[] bad : new byte[][] {lastChunkDamaged, middleChunkDamaged}) {
        assertThatThrownBy(() -> c.decrypt(bad, AAD)).isExactlyInstanceOf(DecryptionException.class);
        assertThat(c.encrypt(pt, AAD, saltAndPrefix(alg))).isEqualTo(good);
        assertThat(c.decrypt(good, AAD)).isEqualTo(pt);

        InputStream in = c.newDecryptingStream(new ByteArrayInputStream(bad), AAD);
        assertThatThrownBy(in::readAllBytes).isExactlyInstanceOf(DecryptionException.class);
        assertThat(c.newDecryptingStream(new ByteArrayInputStream(good), AAD).readAllBytes())
            .isEqualTo(pt);
        assertThat(c.encrypt(pt, AAD, saltAndPrefix(alg))).isEqualTo(good);
      }
    }
    assertDocumentedVectorStillHolds();
  }

  @ParameterizedTest
  @EnumSource(AeadAlgorithm.class)
  void encryptingStreamWhoseSinkFails_doesNotAffectTheNextMessageOnTheThread(AeadAlgorithm alg)
      throws IOException {
    int cs = 64 * 1024;
    ChunkedAead c = vectorInstance(alg, cs);
    byte[] pt = plaintext(3 * cs);
    byte[] expected = c.encrypt(pt, AAD, saltAndPrefix(alg));
    OutputStream failingSink =
        new OutputStream() {
          private int written;

          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            if (written > 0) {
              throw new IOException("sink failed"); // takes the header, fails at the first chunk
            }
            written += len;
          }
        };
    assertThatThrownBy(
            () -> {
              try (OutputStream out = c.newEncryptingStream(failingSink, AAD)) {
                out.write(pt);
              }
            })
        .hasMessageContaining("sink failed");
    assertThat(c.encrypt(pt, AAD, saltAndPrefix(alg))).isEqualTo(expected);
    assertThat(c.decrypt(expected, AAD)).isEqualTo(pt);
    assertDocumentedVectorStillHolds();
  }
}
