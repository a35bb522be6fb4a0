package io.veilnet.crypto;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 and constant-time tag verification. */
public final class Hmac {
  private Hmac() {}

  /** {@code HMAC-SHA256(key, data)}; the key may be any length, including empty. */
  public static byte[] sha256(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      // SecretKeySpec refuses empty keys; HMAC defines them as a block of zeros, which is the
      // same as a one-byte zero key after padding.
      mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
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
