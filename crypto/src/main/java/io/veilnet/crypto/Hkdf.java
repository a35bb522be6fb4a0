package io.veilnet.crypto;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF with HMAC-SHA256 (RFC 5869). */
public final class Hkdf {
  /** SHA-256 output length. */
  public static final int HASH_LEN = 32;
  /** RFC 5869 limit: 255 blocks. */
  public static final int MAX_OUTPUT = 255 * HASH_LEN;

  private static final byte[] EMPTY = new byte[0];

  private Hkdf() {}

  /** Extract-then-expand. {@code salt} may be null or empty (then 32 zero bytes, per the RFC). */
  public static byte[] derive(byte[] ikm, byte[] salt, byte[] info, int length) {
    byte[] prk = extract(salt, ikm);
    try {
      return expand(prk, info, length);
    } finally {
      Bytes.zero(prk);
    }
  }

  /** HKDF-Extract: {@code PRK = HMAC(salt, ikm)}. */
  public static byte[] extract(byte[] salt, byte[] ikm) {
    byte[] s = salt == null || salt.length == 0 ? new byte[HASH_LEN] : salt;
    return Hmac.sha256(s, ikm == null ? EMPTY : ikm);
  }

  /** HKDF-Expand to {@code length} bytes (1 .. 8160). */
  public static byte[] expand(byte[] prk, byte[] info, int length) {
    if (length < 0 || length > MAX_OUTPUT) {
      throw new IllegalArgumentException("HKDF output length must be 0.." + MAX_OUTPUT + ", got " + length);
    }
    if (prk == null || prk.length < HASH_LEN) {
      throw new IllegalArgumentException("HKDF PRK must be at least " + HASH_LEN + " bytes");
    }
    byte[] inf = info == null ? EMPTY : info;
    byte[] out = new byte[length];
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(prk, "HmacSHA256"));
      byte[] t = EMPTY;
      int off = 0;
      for (int i = 1; off < length; i++) {
        mac.update(t);
        mac.update(inf);
        mac.update((byte) i);
        byte[] next = mac.doFinal();
        Bytes.zero(t);
        t = next;
        int n = Math.min(t.length, length - off);
        System.arraycopy(t, 0, out, off, n);
        off += n;
      }
      Bytes.zero(t);
      return out;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new CryptoException("HMAC-SHA256 unavailable", e);
    }
  }
}
