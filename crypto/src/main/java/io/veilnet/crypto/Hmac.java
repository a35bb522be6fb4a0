package io.veilnet.crypto;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 and constant-time tag verification. */
public final class Hmac {
  private static final String ALGORITHM = "HmacSHA256";
  /**
   * One JDK {@link Mac} per thread: {@code Mac.getInstance} costs a provider lookup (about half of
   * a short HMAC). Every use starts with {@code init}, which resets whatever state an earlier
   * (possibly failed) use left, and ends with {@link #release}, which re-keys the instance with a
   * constant so that it does not keep pads derived from a caller's key.
   */
  private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(Hmac::newMac);
  /** The constant key {@link #release} leaves in a thread's Mac. */
  private static final SecretKeySpec SCRUB_KEY = new SecretKeySpec(new byte[1], ALGORITHM);

  private Hmac() {}

  /** {@code HMAC-SHA256(key, data)}; the key may be any length, including empty. */
  public static byte[] sha256(byte[] key, byte[] data) {
    Mac mac = keyed(key, 0, key.length);
    try {
      return mac.doFinal(data);
    } finally {
      release(mac);
    }
  }

  /**
   * This thread's Mac, initialised with {@code key[off, off+len)}. The caller must not let it
   * escape the current call (no reentrant use) and must {@link #release} it when done.
   */
  static Mac keyed(byte[] key, int off, int len) {
    Mac mac = MAC.get();
    try {
      // SecretKeySpec refuses empty keys; HMAC defines them as a block of zeros, which is the
      // same as a one-byte zero key after padding.
      mac.init(len == 0 ? SCRUB_KEY : new SecretKeySpec(key, off, len, ALGORITHM));
    } catch (InvalidKeyException e) {
      throw new CryptoException("HMAC-SHA256 unavailable", e);
    }
    return mac;
  }

  /** Re-initialises a Mac from {@link #keyed} with {@code key} (at least one byte); returns it. */
  static Mac rekey(Mac mac, byte[] key) {
    try {
      mac.init(new SecretKeySpec(key, ALGORITHM));
    } catch (InvalidKeyException e) {
      throw new CryptoException("HMAC-SHA256 unavailable", e);
    }
    return mac;
  }

  /** Overwrites the key-derived state of a Mac from {@link #keyed} with that of a constant key. */
  static void release(Mac mac) {
    try {
      mac.init(SCRUB_KEY);
    } catch (InvalidKeyException e) {
      throw new CryptoException("HMAC-SHA256 unavailable", e);
    }
  }

  /** This thread's Mac as it is, without re-keying: lets tests check what a call leaves behind. */
  static Mac thisThreadsMac() {
    return MAC.get();
  }

  private static Mac newMac() {
    try {
      return Mac.getInstance(ALGORITHM);
    } catch (NoSuchAlgorithmException e) {
      throw new CryptoException("HMAC-SHA256 unavailable", e);
    }
  }

  /**
   * Checks {@code tag} against {@code HMAC-SHA256(key, data)} in constant time. A truncated tag
   * (at least 16 bytes) is compared against the same prefix of the full tag.
   */
  public static boolean verifySha256(byte[] key, byte[] data, byte[] tag) {
    if (tag == null || tag.length < 16 || tag.length > 32) {
      return false;
    }
    byte[] full = sha256(key, data);
    byte[] prefix = java.util.Arrays.copyOf(full, tag.length);
    return Bytes.constantTimeEquals(prefix, tag);
  }
}
