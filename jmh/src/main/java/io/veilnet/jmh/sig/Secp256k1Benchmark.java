package io.veilnet.jmh.sig;

import io.veilnet.crypto.Secp256k1PrivateKey;
import io.veilnet.crypto.Secp256k1PublicKey;
import io.veilnet.jmh.AbstractMicrobenchmark;
import java.security.SecureRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/** secp256k1 (Bouncy Castle custom curve): sign, verify, public-key recovery, x-only ECDH. */
public class Secp256k1Benchmark extends AbstractMicrobenchmark {
  private byte[] hash;
  private Secp256k1PrivateKey key;
  private Secp256k1PrivateKey peer;
  private Secp256k1PublicKey publicKey;
  private Secp256k1PublicKey peerPublic;
  private byte[] signature;
  private byte[] recoverable;

  @Setup
  public void setUp() {
    SecureRandom random = new SecureRandom();
    hash = new byte[32];
    random.nextBytes(hash);
    key = Secp256k1PrivateKey.generate(random);
    peer = Secp256k1PrivateKey.generate(random);
    publicKey = key.publicKey();
    peerPublic = peer.publicKey();
    signature = key.sign(hash);
    recoverable = key.signRecoverable(hash);
  }

  @TearDown
  public void tearDown() {
    key.close();
    peer.close();
  }

  @Benchmark
  public byte[] sign() {
    return key.sign(hash);
  }

  @Benchmark
  public byte[] signRecoverable() {
    return key.signRecoverable(hash);
  }

  @Benchmark
  public boolean verify() {
    return publicKey.verify(hash, signature);
  }

  @Benchmark
  public Secp256k1PublicKey recover() {
    return Secp256k1PublicKey.recover(hash, recoverable);
  }

  @Benchmark
  public byte[] ecdh() {
    return key.ecdh(peerPublic);
  }
}
