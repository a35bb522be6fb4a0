package io.veilnet.jmh.aead;

import io.veilnet.crypto.AeadAlgorithm;
import io.veilnet.crypto.internal.AbstractAead;
import io.veilnet.crypto.internal.AeadFactory;
import io.veilnet.crypto.internal.BcChaCha20Poly1305Aead;
import io.veilnet.crypto.internal.Randoms;
import io.veilnet.jmh.AbstractMicrobenchmark;
import com.google.crypto.tink.aead.internal.InsecureNonceChaCha20Poly1305;
import com.google.crypto.tink.aead.internal.InsecureNonceXChaCha20Poly1305;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The measurement behind the (X)ChaCha20-Poly1305 backend choice: JDK provider (what {@code
 * Aeads} uses; XChaCha20 = HChaCha20 + JDK) against Bouncy Castle's lightweight API (same
 * wrapper) and Tink's pure-Java caller-nonce classes.
 */
public class ChaChaBackendBenchmark extends AbstractMicrobenchmark {
  @Param({"CHACHA20_POLY1305", "XCHACHA20_POLY1305"})
  public AeadAlgorithm algorithm;

  @Param({"jdk", "bc", "tink"})
  public String backend;

  @Param({"1024", "65536"})
  public int size;

  private AbstractAead aead;
  private InsecureNonceChaCha20Poly1305 tinkChaCha;
  private InsecureNonceXChaCha20Poly1305 tinkXChaCha;
  private byte[] nonce;
  private byte[] plaintext;
  private byte[] aad;

  @Setup
  public void setup() throws GeneralSecurityException {
    SecureRandom random = new SecureRandom();
    byte[] key = new byte[32];
    random.nextBytes(key);
    aead = backend.equals("bc") ? new BcChaCha20Poly1305Aead(algorithm, key) : AeadFactory.create(algorithm, key);
    if (backend.equals("tink")) {
      tinkChaCha = new InsecureNonceChaCha20Poly1305(key);
      tinkXChaCha = new InsecureNonceXChaCha20Poly1305(key);
    }
    nonce = new byte[algorithm.nonceSize()];
    plaintext = new byte[size];
    random.nextBytes(plaintext);
    aad = new byte[16];
  }

  @Benchmark
  public byte[] encrypt(CpuTime cpu) throws GeneralSecurityException {
    cpu.op();
    if (tinkChaCha != null) {
      // Tink's pure-Java implementations with caller nonces (what we would use from Tink for
      // seal/open); a fresh random nonce per call as in Aead.encrypt.
      Randoms.nextBytes(nonce, nonce.length);
      return algorithm == AeadAlgorithm.CHACHA20_POLY1305
          ? tinkChaCha.encrypt(nonce, plaintext, aad)
          : tinkXChaCha.encrypt(nonce, plaintext, aad);
    }
    return aead.encrypt(plaintext, aad);
  }
}
