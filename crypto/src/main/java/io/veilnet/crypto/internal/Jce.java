package io.veilnet.crypto.internal;

import io.veilnet.crypto.Bytes;
import io.veilnet.crypto.CryptoException;
import io.veilnet.crypto.DecryptionException;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
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
  /**
   * AES-GCM decryption has its own per-thread cipher, so that a transport session alternating
   * seal (one key) and open (the other key) keeps each key's AES schedule: the JDK expands the key
   * again only when an init brings a different one.
   */
  private static final ThreadLocal<Cipher> AES_GCM_DECRYPT_CIPHER =
      ThreadLocal.withInitial(() -> newCipher(AES_GCM));
  private static final String AES_CTR = "AES/CTR/NoPadding";
  /** Inputs up to this size go to the JDK in one call (its fast, commonly compiled path). */
  static final int ONE_CALL_MAX = 64 * 1024;
  /** Largest input handed to the JDK's AES-GCM/CTR in one call on the large-input paths. */
  static final int PIECE = 16 * 1024;
  private static final int TAG = 16;

  private static final ThreadLocal<Cipher> AES_CTR_CIPHER =
      ThreadLocal.withInitial(() -> newCipher(AES_CTR));
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

  private static ThreadLocal<Cipher> cache(String transformation, int mode) {
    if (transformation == AES_GCM) {
      return mode == Cipher.DECRYPT_MODE ? AES_GCM_DECRYPT_CIPHER : AES_GCM_CIPHER;
    }
    return transformation == AES_CTR ? AES_CTR_CIPHER : CHACHA_CIPHER;
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
    ThreadLocal<Cipher> cache = cache(transformation, mode);
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

  /** AES-GCM seal; inputs above {@link #ONE_CALL_MAX} bytes go to the cipher in pieces. */
  static int sealGcm(
      SecretKeySpec key, GCMParameterSpec params, byte[] in, int inOff, int len, byte[] aad,
      byte[] out, int outOff) {
    if (len <= ONE_CALL_MAX) {
      return seal(AES_GCM, key, params, in, inOff, len, aad, out, outOff);
    }
    try {
      Cipher c = init(AES_GCM, Cipher.ENCRYPT_MODE, key, params);
      if (aad.length > 0) {
        c.updateAAD(aad);
      }
      return updateInPieces(c, in, inOff, len, out, outOff);
    } catch (GeneralSecurityException e) {
      throw new CryptoException("encryption failed", e);
    }
  }

  /**
   * AES-GCM open; ciphertexts above {@link #ONE_CALL_MAX} bytes are decrypted with AES-CTR and
   * checked against a tag recomputed in pieces (see the class comment). {@code params} carries a
   * 12-byte nonce. The JDK's CTR increments all 128 counter bits where GCM increments the low 32;
   * they agree for the fewer than 2^27 blocks an array can hold.
   */
  static int openGcm(
      SecretKeySpec key, GCMParameterSpec params, byte[] in, int inOff, int len, byte[] aad,
      byte[] out, int outOff) {
    int ptLen = len - TAG;
    if (ptLen <= ONE_CALL_MAX) {
      return open(AES_GCM, key, params, in, inOff, len, aad, out, outOff);
    }
    byte[] counter = new byte[16];
    System.arraycopy(params.getIV(), 0, counter, 0, 12);
    counter[15] = 2;
    byte[] tag = new byte[TAG];
    try {
      Cipher ctr = init(AES_CTR, Cipher.DECRYPT_MODE, key, new IvParameterSpec(counter));
      int n = updateInPieces(ctr, in, inOff, ptLen, out, outOff);
      Cipher gcm = init(AES_GCM, Cipher.ENCRYPT_MODE, key, params);
      if (aad.length > 0) {
        gcm.updateAAD(aad);
      }
      byte[] scratch = new byte[PIECE + TAG];
      int done = 0;
      while (ptLen - done > PIECE) {
        gcm.update(out, outOff + done, PIECE, scratch, 0);
        done += PIECE;
      }
      int last = gcm.doFinal(out, outOff + done, ptLen - done, scratch, 0);
      System.arraycopy(scratch, last - TAG, tag, 0, TAG);
      if (n != ptLen
          || !Bytes.constantTimeEquals(tag, Arrays.copyOfRange(in, inOff + ptLen, inOff + len))) {
        Arrays.fill(out, outOff, outOff + ptLen, (byte) 0);
        throw new DecryptionException();
      }
      return ptLen;
    } catch (GeneralSecurityException | IllegalStateException e) {
      Arrays.fill(out, outOff, outOff + ptLen, (byte) 0);
      throw new DecryptionException();
    }
  }

  /** {@code update} in {@link #PIECE}-byte calls, then {@code doFinal}; returns bytes written. */
  private static int updateInPieces(Cipher c, byte[] in, int inOff, int len, byte[] out, int outOff)
      throws GeneralSecurityException {
    int done = 0;
    int written = 0;
    while (len - done > PIECE) {
      written += c.update(in, inOff + done, PIECE, out, outOff + written);
      done += PIECE;
    }
    return written + c.doFinal(in, inOff + done, len - done, out, outOff + written);
  }
}
