package io.veilnet.crypto;

import io.veilnet.crypto.internal.Checks;
import io.veilnet.crypto.internal.SecretBytes;
import java.security.SecureRandom;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 private key, held as its 32-byte RFC 8032 seed. Signs with Bouncy Castle's low-level
 * {@code Ed25519} (deterministic signatures, 64 bytes). {@link #close()} zeroes the seed; any use
 * afterwards throws {@link IllegalStateException}. Equality is constant time; {@link #toString()}
 * shows only the public key.
 */
public final class Ed25519PrivateKey implements Signer, AutoCloseable {
  public static final int SEED_LENGTH = 32;

  private final SecretBytes seed;
  private final byte[] publicBytes;
  private final Ed25519PublicKey publicKey;

  private Ed25519PrivateKey(byte[] seed) {
    this.seed = new SecretBytes(seed);
    this.publicBytes = new byte[Ed25519PublicKey.LENGTH];
    Ed25519.generatePublicKey(seed, 0, publicBytes, 0);
    this.publicKey = Ed25519PublicKey.of(publicBytes);
  }

  /** A fresh key from {@code random}. */
  public static Ed25519PrivateKey generate(SecureRandom random) {
    Checks.requireNonNull(random, "random");
    byte[] s = new byte[SEED_LENGTH];
    Ed25519.generatePrivateKey(random, s);
    return new Ed25519PrivateKey(s);
  }

  /** The key with this 32-byte seed (copied; the caller may zero its array). */
  public static Ed25519PrivateKey fromSeed(byte[] seed) {
    return new Ed25519PrivateKey(Checks.requireLength(seed, SEED_LENGTH, "Ed25519 seed").clone());
  }

  public Ed25519PublicKey publicKey() {
    return publicKey;
  }

  /** Signs {@code message}; returns the 64-byte signature {@code R ‖ S}. */
  @Override
  public byte[] sign(byte[] message) {
    Checks.requireNonNull(message, "message");
    byte[] sig = new byte[Ed25519PublicKey.SIGNATURE_LENGTH];
    Ed25519.sign(seed.borrow(), 0, publicBytes, 0, message, 0, message.length, sig, 0);
    return sig;
  }

  /** A copy of the 32-byte seed; the caller should zero it when done. */
  public byte[] seed() {
    return seed.copy();
  }

  public boolean isDestroyed() {
    return seed.isClosed();
  }

  /** Zeroes the seed. Idempotent. */
  @Override
  public void close() {
    seed.close();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ed25519PrivateKey other && seed.constantTimeEquals(other.seed);
  }

  @Override
  public int hashCode() {
    return publicKey.hashCode(); // derived from public data only
  }

  @Override
  public String toString() {
    return "Ed25519PrivateKey[public=" + Bytes.toHex(publicBytes) + ", seed redacted]";
  }
}
