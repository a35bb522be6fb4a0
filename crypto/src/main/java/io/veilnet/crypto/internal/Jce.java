package io.veilnet.crypto.internal;

import io.veilnet.crypto.CryptoException;
import io.veilnet.crypto.DecryptionException;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * Not API. One-shot AEAD calls on per-thread JCE {@link Cipher}s (a {@code Cipher} is not
 * thread-safe; {@code Cipher.getInstance} per call costs a provider lookup). A cipher is re-initialised
 * on every call, so instances are shared by all keys of a transformation.
 */
final class Jce {
  static final String AES_GCM = "AES/GCM/NoPadding";
  static final String CHACHA20_POLY1305 = "ChaCha20-Poly1305";

  private static final ThreadLocal<Cipher> AES_GCM_CIPHER =
      ThreadLocal.withInitial(() -> newCipher(AES_GCM));
  private static final ThreadLocal<Cipher> CHACHA_CIPHER =
      ThreadLocal.withInitial(() -> newCipher(CHACHA20_POLY1305));

  private Jce() {}

  static Cipher newCipher(String transformation) {
    try {
      return Cipher.getInstance(transformation);
    } catch (GeneralSecurityException e) {
      throw new CryptoException(transformation + " unavailable in this JDK", e);
    }
  }

  private static ThreadLocal<Cipher> cache(String transformation) {
    return transformation == AES_GCM ? AES_GCM_CIPHER : CHACHA_CIPHER;
  }

  /**
   * Initialises this thread's cipher. The JDK refuses to initialise a Cipher twice in a row with
   * the same key and nonce (AES-GCM: for encryption; ChaCha20-Poly1305 in JDK 17: in both modes),
   * a guard against nonce reuse that only sees consecutive calls on one instance. Repeating a
   * deterministic seal() or decrypting one message twice is legitimate, so in that case the
   * thread's cipher is replaced by a fresh instance, which has no previous key.
   */
  private static Cipher init(
      String transformation, int mode, SecretKeySpec key, AlgorithmParameterSpec params)
      throws GeneralSecurityException {
    ThreadLocal<Cipher> cache = cache(transformation);
    Cipher c = cache.get();
    try {
      c.init(mode, key, params);
    } catch (InvalidAlgorithmParameterException | InvalidKeyException sameKeyAndNonce) {
      c = newCipher(transformation);
      c.init(mode, key, params);
      cache.set(c);
    }
    return c;
  }

  static int seal(
      String transformation,
      SecretKeySpec key,
      AlgorithmParameterSpec params,
      byte[] in,
      int inOff,
      int len,
      byte[] aad,
      byte[] out,
      int outOff) {
    try {
      Cipher c = init(transformation, Cipher.ENCRYPT_MODE, key, params);
      if (aad.length > 0) {
        c.updateAAD(aad);
      }
      return c.doFinal(in, inOff, len, out, outOff);
    } catch (GeneralSecurityException e) {
      throw new CryptoException("encryption failed", e);
    }
  }

  static int open(
      String transformation,
      SecretKeySpec key,
      AlgorithmParameterSpec params,
      byte[] in,
      int inOff,
      int len,
      byte[] aad,
      byte[] out,
      int outOff) {
    try {
      Cipher c = init(transformation, Cipher.DECRYPT_MODE, key, params);
      if (aad.length > 0) {
        c.updateAAD(aad);
      }
      return c.doFinal(in, inOff, len, out, outOff);
    } catch (GeneralSecurityException | IllegalStateException e) {
      throw new DecryptionException();
    }
  }
}
