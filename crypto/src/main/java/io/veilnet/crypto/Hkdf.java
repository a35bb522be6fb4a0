package io.veilnet.crypto;

import javax.crypto.Mac;
import javax.crypto.ShortBufferException;

/**
 * HKDF with HMAC-SHA256 (RFC 5869). Runs on the calling thread's HMAC instance (see {@link
 * Hmac}), so a derivation costs the nine-odd SHA-256 blocks and no provider lookups.
 */
public final class Hkdf {
  /** SHA-256 output length. */
  public static final int HASH_LEN = 32;
  /** RFC 5869 limit: 255 blocks. */
  public static final int MAX_OUTPUT = 255 * HASH_LEN;

  private static final byte[] EMPTY = new byte[0];
  /** The RFC's default salt: {@value #HASH_LEN} zero bytes. Not secret. */
  private static final byte[] ZERO_SALT = new byte[HASH_LEN];

  private Hkdf() {}

  /** Extract-then-expand. {@code salt} may be null or empty (then 32 zero bytes, per the RFC). */
  public static byte[] derive(byte[] ikm, byte[] salt, byte[] info, int length) {
    return derive(ikm, salt, 0, salt == null ? 0 : salt.length, length, info == null ? EMPTY : info);
  }

  /**
   * {@link #derive(byte[], byte[], byte[], int)} with the salt given as {@code salt[saltOff,
   * saltOff+saltLen)} and the info as the concatenation of {@code infoParts}, so that callers
   * need not copy them into new arrays first.
   */
  static byte[] derive(
      byte[] ikm, byte[] salt, int saltOff, int saltLen, int length, byte[]... infoParts) {
    checkLength(length);
    Mac mac = keyedWithSalt(salt, saltOff, saltLen);
    byte[] prk = null;
    try {
      prk = mac.doFinal(ikm == null ? EMPTY : ikm);
      // Re-keying with the PRK overwrites the salt's state, so one release at the end suffices.
      return expand(Hmac.rekey(mac, prk), length, infoParts);
    } finally {
      Bytes.zero(prk);
      Hmac.release(mac);
    }
  }

  /** HKDF-Extract: {@code PRK = HMAC(salt, ikm)}. */
  public static byte[] extract(byte[] salt, byte[] ikm) {
    Mac mac = keyedWithSalt(salt, 0, salt == null ? 0 : salt.length);
    try {
      return mac.doFinal(ikm == null ? EMPTY : ikm);
    } finally {
      Hmac.release(mac);
    }
  }

  private static Mac keyedWithSalt(byte[] salt, int saltOff, int saltLen) {
    return saltLen == 0 ? Hmac.keyed(ZERO_SALT, 0, HASH_LEN) : Hmac.keyed(salt, saltOff, saltLen);
  }

  /** HKDF-Expand to {@code length} bytes (1 .. 8160). */
  public static byte[] expand(byte[] prk, byte[] info, int length) {
    checkLength(length);
    checkPrk(prk);
    Mac mac = Hmac.keyed(prk, 0, prk.length);
    try {
      return expand(mac, length, info == null ? EMPTY : info);
    } finally {
      Hmac.release(mac);
    }
  }

  private static void checkPrk(byte[] prk) {
    if (prk == null || prk.length < HASH_LEN) {
      throw new IllegalArgumentException("HKDF PRK must be at least " + HASH_LEN + " bytes");
    }
  }

  /** The expand loop on a Mac already keyed with the PRK. */
  private static byte[] expand(Mac mac, int length, byte[]... infoParts) {
    byte[] out = new byte[length];
    byte[] t = new byte[HASH_LEN];
    try {
      int tLen = 0; // T(0) is empty
      int off = 0;
      for (int i = 1; off < length; i++) {
        mac.update(t, 0, tLen);
        for (byte[] part : infoParts) {
          mac.update(part);
        }
        mac.update((byte) i);
        mac.doFinal(t, 0);
        tLen = HASH_LEN;
        int n = Math.min(HASH_LEN, length - off);
        System.arraycopy(t, 0, out, off, n);
        off += n;
      }
      return out;
    } catch (ShortBufferException e) {
      throw new CryptoException("HMAC-SHA256 output does not fit", e);
    } finally {
      Bytes.zero(t);
    }
  }

  private static void checkLength(int length) {
    if (length < 0 || length > MAX_OUTPUT) {
      throw new IllegalArgumentException("HKDF output length must be 0.." + MAX_OUTPUT + ", got " + length);
    }
  }
}
