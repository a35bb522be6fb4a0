package io.veilnet.jmh.aead;

import io.veilnet.crypto.AeadAlgorithm;
import io.veilnet.crypto.internal.AbstractAead;
import io.veilnet.crypto.internal.AeadFactory;
import io.veilnet.crypto.internal.BcChaCha20Poly1305Aead;
import io.veilnet.jmh.AbstractMicrobenchmark;
import java.security.SecureRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The measurement behind the (X)ChaCha20-Poly1305 backend choice: JDK provider (what {@code
 * Aeads} uses; XChaCha20 = HChaCha20 + JDK) against Bouncy Castle's lightweight API, same wrapper.
 */
public class ChaChaBackendBenchmark extends AbstractMicrobenchmark {
  @Param({"CHACHA20_POLY1305", "XCHACHA20_POLY1305"})
  public AeadAlgorithm algorithm;

  @Param({"jdk", "bc"})
  public String backend;

  @Param({"1024", "65536"})
  public int size;

  private AbstractAead aead;
  private byte[] plaintext;
  private byte[] aad;

  @Setup
  public void setup() {
    SecureRandom random = new SecureRandom();
    byte[] key = new byte[32];
    random.nextBytes(key);
    aead = backend.equals("jdk") ? AeadFactory.create(algorithm, key) : new BcChaCha20Poly1305Aead(algorithm, key);
    plaintext = new byte[size];
    random.nextBytes(plaintext);
    aad = new byte[16];
  }

  @Benchmark
  public byte[] encrypt(CpuTime cpu) {
    cpu.op();
    return aead.encrypt(plaintext, aad);
  }
}
