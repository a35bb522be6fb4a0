package io.veilnet.jmh.sig;

import io.veilnet.crypto.MlDsa65PrivateKey;
import io.veilnet.crypto.MlDsa65PublicKey;
import io.veilnet.crypto.MlKem768Encapsulation;
import io.veilnet.crypto.MlKem768PrivateKey;
import io.veilnet.crypto.MlKem768PublicKey;
import io.veilnet.jmh.AbstractMicrobenchmark;
import java.security.SecureRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/** ML-KEM-768 encapsulate/decapsulate and ML-DSA-65 sign/verify (Bouncy Castle low-level). */
public class PostQuantumBenchmark extends AbstractMicrobenchmark {
  private SecureRandom random;
  private byte[] message;
  private MlKem768PrivateKey kem;
  private MlKem768PublicKey kemPublic;
  private byte[] ciphertext;
  private MlDsa65PrivateKey dsa;
  private MlDsa65PublicKey dsaPublic;
  private byte[] signature;

  @Setup
  public void setUp() {
    random = new SecureRandom();
    message = new byte[256];
    random.nextBytes(message);
    kem = MlKem768PrivateKey.generate(random);
    kemPublic = kem.publicKey();
    try (MlKem768Encapsulation enc = kemPublic.encapsulate(random)) {
      ciphertext = enc.ciphertext();
    }
    dsa = MlDsa65PrivateKey.generate(random);
    dsaPublic = dsa.publicKey();
    signature = dsa.sign(message);
  }

  @TearDown
  public void tearDown() {
    kem.close();
    dsa.close();
  }

  @Benchmark
  public byte[] mlKemEncapsulate() {
    try (MlKem768Encapsulation enc = kemPublic.encapsulate(random)) {
      return enc.ciphertext();
    }
  }

  @Benchmark
  public byte[] mlKemDecapsulate() {
    return kem.decapsulate(ciphertext);
  }

  @Benchmark
  public byte[] mlDsaSign() {
    return dsa.sign(message);
  }

  @Benchmark
  public boolean mlDsaVerify() {
    return dsaPublic.verify(message, signature);
  }
}
