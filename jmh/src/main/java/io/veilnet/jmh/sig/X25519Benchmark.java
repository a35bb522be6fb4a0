package io.veilnet.jmh.sig;

import io.veilnet.crypto.X25519PrivateKey;
import io.veilnet.crypto.X25519PublicKey;
import io.veilnet.jmh.AbstractMicrobenchmark;
import java.security.SecureRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/** X25519 key agreement (Bouncy Castle low-level), the Noise handshake's DH. */
public class X25519Benchmark extends AbstractMicrobenchmark {
  private X25519PrivateKey key;
  private X25519PublicKey peer;

  @Setup
  public void setUp() {
    SecureRandom random = new SecureRandom();
    key = X25519PrivateKey.generate(random);
    try (X25519PrivateKey other = X25519PrivateKey.generate(random)) {
      peer = other.publicKey();
    }
  }

  @TearDown
  public void tearDown() {
    key.close();
  }

  @Benchmark
  public byte[] agree() {
    return key.agree(peer);
  }
}
