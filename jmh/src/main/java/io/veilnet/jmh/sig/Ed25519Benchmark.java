package io.veilnet.jmh.sig;

import io.veilnet.crypto.Ed25519PrivateKey;
import io.veilnet.crypto.Ed25519PublicKey;
import io.veilnet.jmh.AbstractMicrobenchmark;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Ed25519 sign/verify of a 256-byte message (about a node record): our Bouncy Castle low-level
 * implementation beside the JDK's SunEC "Ed25519" {@link Signature}, for the ratio.
 */
public class Ed25519Benchmark extends AbstractMicrobenchmark {
  private byte[] message;
  private Ed25519PrivateKey bcKey;
  private Ed25519PublicKey bcPublic;
  private byte[] bcSignature;

  private KeyPair jdkKeys;
  private Signature jdkSigner;
  private Signature jdkVerifier;
  private byte[] jdkSignature;

  @Setup
  public void setUp() throws GeneralSecurityException {
    SecureRandom random = new SecureRandom();
    message = new byte[256];
    random.nextBytes(message);
    bcKey = Ed25519PrivateKey.generate(random);
    bcPublic = bcKey.publicKey();
    bcSignature = bcKey.sign(message);

    jdkKeys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    jdkSigner = Signature.getInstance("Ed25519");
    jdkSigner.initSign(jdkKeys.getPrivate());
    jdkVerifier = Signature.getInstance("Ed25519");
    jdkVerifier.initVerify(jdkKeys.getPublic());
    jdkSignature = jdkSign();
  }

  @TearDown
  public void tearDown() {
    bcKey.close();
  }

  @Benchmark
  public byte[] bcSign() {
    return bcKey.sign(message);
  }

  @Benchmark
  public boolean bcVerify() {
    return bcPublic.verify(message, bcSignature);
  }

  @Benchmark
  public byte[] jdkSign() throws GeneralSecurityException {
    jdkSigner.update(message);
    return jdkSigner.sign();
  }

  @Benchmark
  public boolean jdkVerify() throws GeneralSecurityException {
    jdkVerifier.update(message);
    return jdkVerifier.verify(jdkSignature);
  }
}
