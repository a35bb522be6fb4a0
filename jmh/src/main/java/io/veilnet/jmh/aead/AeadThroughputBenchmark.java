package io.veilnet.jmh.aead;

import io.veilnet.crypto.Aead;
import io.veilnet.crypto.AeadAlgorithm;
import io.veilnet.crypto.Aeads;
import io.veilnet.crypto.ChunkedAead;
import io.veilnet.crypto.SymmetricKey;
import io.veilnet.jmh.AbstractMicrobenchmark;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * AEAD throughput per cipher and message size (ops/s; MB/s = ops/s × size / 10⁶):
 *
 * <ul>
 *   <li>{@code rawEncrypt}: one JDK {@code Cipher.doFinal} over the whole message (the library
 *       call underneath {@link Aeads}; for XChaCha20 the ChaCha20-Poly1305 call without the
 *       HChaCha20 subkey step);
 *   <li>{@code aeadEncrypt}/{@code aeadDecrypt}: {@link Aead#encrypt}/{@link Aead#decrypt}, one
 *       call, random nonce;
 *   <li>{@code chunkedEncrypt}/{@code chunkedDecrypt}: {@link ChunkedAead} with 64 KiB chunks
 *       (HKDF subkey per message, then one sealed chunk per 64 KiB).
 * </ul>
 */
public class AeadThroughputBenchmark extends AbstractMicrobenchmark {
  @Param({"AES_128_GCM", "AES_256_GCM", "CHACHA20_POLY1305", "XCHACHA20_POLY1305"})
  public AeadAlgorithm algorithm;

  @Param({"1024", "65536", "1048576"})
  public int size;

  /**
   * {@code cold}: JMH warm-up only. {@code warm}: before warm-up, run every path on 16 KiB
   * messages for up to 3 s, as a node that has already handled many small messages would have;
   * this lets the JIT compile the JDK's crypto call sites (and so use the AES/GHASH intrinsics)
   * before the first large call.
   */
  @Param({"cold"})
  public String jit;

  private byte[] plaintext;
  private byte[] aad;
  private Aead aead;
  private ChunkedAead chunked;
  // Several ciphertexts, used in turn: decrypting one message again and again would hit the JDK's
  // same-key-and-nonce guard (ChaCha20-Poly1305, JDK 17), an artefact no real receiver sees.
  private byte[][] aeadCiphertexts;
  private byte[][] chunkedCiphertexts;
  private int next;

  private Cipher raw;
  private SecretKeySpec rawKey;
  private byte[] rawNonce;
  private byte[] rawOut;
  private long counter;

  @Setup
  public void setup() throws Exception {
    SecureRandom random = new SecureRandom();
    plaintext = new byte[size];
    random.nextBytes(plaintext);
    aad = new byte[16];
    byte[] key = new byte[algorithm.keySize()];
    random.nextBytes(key);
    SymmetricKey k = SymmetricKey.of(key);
    aead = Aeads.create(algorithm, k);
    chunked = ChunkedAead.create(algorithm, k, ChunkedAead.DEFAULT_CHUNK_SIZE);
    aeadCiphertexts = new byte[4][];
    chunkedCiphertexts = new byte[4][];
    for (int i = 0; i < 4; i++) {
      aeadCiphertexts[i] = aead.encrypt(plaintext, aad);
      chunkedCiphertexts[i] = chunked.encrypt(plaintext, aad);
    }

    boolean gcm = algorithm == AeadAlgorithm.AES_128_GCM || algorithm == AeadAlgorithm.AES_256_GCM;
    raw = Cipher.getInstance(gcm ? "AES/GCM/NoPadding" : "ChaCha20-Poly1305");
    byte[] rawKeyBytes = new byte[gcm ? algorithm.keySize() : 32];
    random.nextBytes(rawKeyBytes);
    rawKey = new SecretKeySpec(rawKeyBytes, gcm ? "AES" : "ChaCha20");
    rawNonce = new byte[12];
    rawOut = new byte[size + 16];
    if (jit.equals("warm")) {
      prewarm();
    }
  }

  private void prewarm() throws Exception {
    byte[] small = new byte[16 * 1024];
    byte[] savedPlaintext = plaintext;
    byte[] savedOut = rawOut;
    plaintext = small;
    rawOut = new byte[small.length + 16];
    CpuTime ignored = new CpuTime();
    long deadline = System.nanoTime() + 3_000_000_000L;
    for (int i = 0; i < 200_000 && System.nanoTime() < deadline; i++) {
      rawEncrypt(ignored);
      aead.decrypt(aead.encrypt(small, aad), aad);
      chunked.decrypt(chunked.encrypt(small, aad), aad);
    }
    plaintext = savedPlaintext;
    rawOut = savedOut;
  }

  @Benchmark
  public int rawEncrypt(CpuTime cpu) throws Exception {
    cpu.op();
    long c = ++counter; // a fresh nonce per call: the JDK refuses to re-initialise with a used one
    for (int i = 0; i < 8; i++) {
      rawNonce[i] = (byte) (c >>> (8 * i));
    }
    if (rawKey.getAlgorithm().equals("AES")) {
      raw.init(Cipher.ENCRYPT_MODE, rawKey, new GCMParameterSpec(128, rawNonce));
    } else {
      raw.init(Cipher.ENCRYPT_MODE, rawKey, new IvParameterSpec(rawNonce));
    }
    raw.updateAAD(aad);
    return raw.doFinal(plaintext, 0, plaintext.length, rawOut, 0);
  }

  @Benchmark
  public byte[] aeadEncrypt(CpuTime cpu) {
    cpu.op();
    return aead.encrypt(plaintext, aad);
  }

  @Benchmark
  public byte[] aeadDecrypt(CpuTime cpu) {
    cpu.op();
    return aead.decrypt(aeadCiphertexts[next++ & 3], aad);
  }

  @Benchmark
  public byte[] chunkedEncrypt(CpuTime cpu) {
    cpu.op();
    return chunked.encrypt(plaintext, aad);
  }

  @Benchmark
  public byte[] chunkedDecrypt(CpuTime cpu) {
    cpu.op();
    return chunked.decrypt(chunkedCiphertexts[next++ & 3], aad);
  }
}
