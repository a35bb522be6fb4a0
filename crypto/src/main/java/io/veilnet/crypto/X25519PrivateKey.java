package io.veilnet.crypto;

import io.veilnet.crypto.internal.Checks;
import io.veilnet.crypto.internal.SecretBytes;
import java.security.SecureRandom;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * An X25519 private scalar (RFC 7748), 32 bytes, used for Diffie-Hellman key agreement (the
 * Noise handshake's static and ephemeral keys). Any 32 bytes are a valid scalar: clamping happens
 * inside the scalar multiplication, and {@link #of} keeps the bytes as given. {@link #close()}
 * zeroes the scalar; any use afterwards throws {@link IllegalStateException}.
 */
public final class X25519PrivateKey implements AutoCloseable {
  public static final int LENGTH = 32;
  /** Length of the shared secret returned by {@link #agree}. */
  public static final int SHARED_SECRET_LENGTH = 32;

  private final SecretBytes scalar;
  private final X25519PublicKey publicKey;

  private X25519PrivateKey(byte[] scalar) {
    this.scalar = new SecretBytes(scalar);
    byte[] pub = new byte[X25519PublicKey.LENGTH];
    X25519.generatePublicKey(scalar, 0, pub, 0);
    this.publicKey = X25519PublicKey.of(pub);
  }

  /** A fresh (clamped) key from {@code random}. */
  public static X25519PrivateKey generate(SecureRandom random) {
    Checks.requireNonNull(random, "random");
    byte[] k = new byte[LENGTH];
    X25519.generatePrivateKey(random, k);
    return new X25519PrivateKey(k);
  }

  /** The key with this 32-byte scalar (copied; clamped on use). */
  public static X25519PrivateKey of(byte[] scalar) {
    return new X25519PrivateKey(Checks.requireLength(scalar, LENGTH, "X25519 private key").clone());
  }

  public X25519PublicKey publicKey() {
    return publicKey;
  }

  /**
   * X25519(this, peer): the raw 32-byte shared secret. Feed it to a KDF, never use it directly as
   * a key.
   *
   * @throws CryptoException if the result is all zeros, i.e. the peer key is of low order
   *     (RFC 7748 section 6.1 check)
   */
  public byte[] agree(X25519PublicKey peer) {
    Checks.requireNonNull(peer, "peer");
    byte[] shared = new byte[SHARED_SECRET_LENGTH];
    if (!X25519.calculateAgreement(scalar.borrow(), 0, peer.unsafeBytes(), 0, shared, 0)) {
      throw new CryptoException("X25519 shared secret is all zeros (low-order public key)");
    }
    return shared;
  }

  /** A copy of the 32-byte scalar as given (unclamped if it was); zero it when done. */
  public byte[] bytes() {
    return scalar.copy();
  }

  public boolean isDestroyed() {
    return scalar.isClosed();
  }

  /** Zeroes the scalar. Idempotent. */
  @Override
  public void close() {
    scalar.close();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof X25519PrivateKey other && scalar.constantTimeEquals(other.scalar);
  }

  @Override
  public int hashCode() {
    return publicKey.hashCode();
  }

  @Override
  public String toString() {
    return "X25519PrivateKey[public=" + Bytes.toHex(publicKey.unsafeBytes()) + ", scalar redacted]";
  }
}
