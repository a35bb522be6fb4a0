package io.veilnet.crypto;

import io.veilnet.crypto.internal.Checks;
import java.util.Arrays;

/**
 * An X25519 public key (RFC 7748 u-coordinate), 32 bytes. Immutable.
 *
 * <p>As RFC 7748 requires, every 32-byte string is accepted: the top bit is ignored and
 * non-canonical values (u &ge; p) are reduced. Low-order points are not rejected here; they are
 * caught where they matter, in {@link X25519PrivateKey#agree}, which refuses an all-zero shared
 * secret.
 */
public final class X25519PublicKey {
  public static final int LENGTH = 32;

  private final byte[] encoded;

  private X25519PublicKey(byte[] encoded) {
    this.encoded = encoded;
  }

  /** Wraps a copy of the 32-byte u-coordinate. */
  public static X25519PublicKey of(byte[] bytes) {
    return new X25519PublicKey(Checks.requireLength(bytes, LENGTH, "X25519 public key").clone());
  }

  /** The 32-byte encoding (a copy). */
  public byte[] bytes() {
    return encoded.clone();
  }

  byte[] unsafeBytes() {
    return encoded;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof X25519PublicKey other && Bytes.constantTimeEquals(encoded, other.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "X25519PublicKey[" + Bytes.toHex(encoded) + "]";
  }
}
