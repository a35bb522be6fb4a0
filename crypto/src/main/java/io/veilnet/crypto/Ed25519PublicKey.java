package io.veilnet.crypto;

import io.veilnet.crypto.internal.Checks;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 public key (RFC 8032), 32 bytes. Immutable and thread-safe.
 *
 * <p>Validation on construction is strict: the encoding must be canonical (y &lt; p), decode to a
 * curve point, and that point must lie in the prime-order subgroup and not be of small order
 * (Bouncy Castle {@code validatePublicKeyFull}). Verification is cofactorless RFC 8032
 * verification with {@code S < L} enforced, as in Bouncy Castle's low-level {@code Ed25519}.
 */
public final class Ed25519PublicKey implements Verifier {
  public static final int LENGTH = 32;
  public static final int SIGNATURE_LENGTH = 64;

  private final byte[] encoded;
  private final Ed25519.PublicPoint point;

  private Ed25519PublicKey(byte[] encoded, Ed25519.PublicPoint point) {
    this.encoded = encoded;
    this.point = point;
  }

  /**
   * Parses and validates a 32-byte encoded key.
   *
   * @throws IllegalArgumentException if the length is wrong or the bytes are not a valid key
   */
  public static Ed25519PublicKey of(byte[] bytes) {
    byte[] copy = Checks.requireLength(bytes, LENGTH, "Ed25519 public key").clone();
    Ed25519.PublicPoint p = Ed25519.validatePublicKeyFullExport(copy, 0);
    if (p == null) {
      throw new IllegalArgumentException("not a valid Ed25519 public key");
    }
    return new Ed25519PublicKey(copy, p);
  }

  /** The 32-byte encoding (a copy). */
  public byte[] bytes() {
    return encoded.clone();
  }

  @Override
  public boolean verify(byte[] message, byte[] signature) {
    Checks.requireNonNull(message, "message");
    Checks.requireNonNull(signature, "signature");
    if (signature.length != SIGNATURE_LENGTH) {
      return false;
    }
    return Ed25519.verify(signature, 0, point, message, 0, message.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ed25519PublicKey other && Bytes.constantTimeEquals(encoded, other.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "Ed25519PublicKey[" + Bytes.toHex(encoded) + "]";
  }
}
