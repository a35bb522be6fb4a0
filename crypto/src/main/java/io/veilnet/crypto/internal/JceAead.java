package io.veilnet.crypto.internal;

import io.veilnet.crypto.AeadAlgorithm;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Not API. AES-GCM (128/256) and ChaCha20-Poly1305 on the JDK provider: AES-GCM uses the AES-NI
 * and CLMUL intrinsics; ChaCha20-Poly1305 measured on a par with Bouncy Castle and about twice
 * Tink's pure-Java classes on JDK 17 (see docs/benchmarks.md).
 */
public final class JceAead extends AbstractAead {
  private final String transformation;
  private final SecretKeySpec key;
  private final boolean gcm;

  /** {@code keyBytes} is copied; its length has been checked by the caller. */
  public JceAead(AeadAlgorithm algorithm, byte[] keyBytes) {
    super(algorithm);
    this.gcm = algorithm == AeadAlgorithm.AES_128_GCM || algorithm == AeadAlgorithm.AES_256_GCM;
    if (!gcm && algorithm != AeadAlgorithm.CHACHA20_POLY1305) {
      throw new IllegalArgumentException("not a JCE AEAD: " + algorithm);
    }
    this.transformation = gcm ? Jce.AES_GCM : Jce.CHACHA20_POLY1305;
    this.key = new SecretKeySpec(keyBytes, gcm ? "AES" : "ChaCha20");
  }

  private AlgorithmParameterSpec params(byte[] nonce, int nonceOff) {
    return gcm
        ? new GCMParameterSpec(128, nonce, nonceOff, 12)
        : new IvParameterSpec(nonce, nonceOff, 12);
  }

  @Override
  public int seal(
      byte[] nonce, int nonceOff, byte[] in, int inOff, int len, byte[] aad, byte[] out, int outOff) {
    if (gcm) {
      return Jce.sealGcm(
          key, new GCMParameterSpec(128, nonce, nonceOff, 12), in, inOff, len, aad, out, outOff);
    }
    return Jce.seal(transformation, key, params(nonce, nonceOff), in, inOff, len, aad, out, outOff);
  }

  @Override
  public int open(
      byte[] nonce, int nonceOff, byte[] in, int inOff, int len, byte[] aad, byte[] out, int outOff) {
    if (gcm) {
      return Jce.openGcm(
          key, new GCMParameterSpec(128, nonce, nonceOff, 12), in, inOff, len, aad, out, outOff);
    }
    return Jce.open(transformation, key, params(nonce, nonceOff), in, inOff, len, aad, out, outOff);
  }
}
