package io.veilnet.crypto;

import io.veilnet.crypto.internal.Checks;
import io.veilnet.crypto.internal.SecretBytes;
import io.veilnet.crypto.internal.Secp256k1Math;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * A secp256k1 private key (the gateway host key; Ethereum-compatible). Held as 32 big-endian
 * bytes in [1, n-1]; {@link #close()} zeroes them and any use afterwards throws
 * {@link IllegalStateException}. Signing is deterministic (RFC 6979 with HMAC-SHA256) and always
 * yields low S.
 *
 * <p>Known limit: each operation briefly turns the scalar into a {@link BigInteger}, which Java
 * cannot zero; only the long-lived copy is wiped.
 */
public final class Secp256k1PrivateKey implements AutoCloseable {
  public static final int LENGTH = 32;

  private final SecretBytes scalar;
  private final Secp256k1PublicKey publicKey;

  private Secp256k1PrivateKey(byte[] scalar, BigInteger d) {
    this.scalar = new SecretBytes(scalar);
    this.publicKey = Secp256k1PublicKey.ofPoint(Secp256k1Math.publicPoint(d));
  }

  /** A fresh key from {@code random}. */
  public static Secp256k1PrivateKey generate(SecureRandom random) {
    Checks.requireNonNull(random, "random");
    for (int i = 0; i < 1000; i++) { // P(no valid scalar in 1000 tries) is about 2^-128000
      byte[] b = new byte[LENGTH];
      random.nextBytes(b);
      BigInteger d = new BigInteger(1, b);
      if (Secp256k1Math.isValidScalar(d)) {
        return new Secp256k1PrivateKey(b, d);
      }
      Bytes.zero(b);
    }
    throw new CryptoException("random source produced no valid secp256k1 scalar");
  }

  /**
   * The key with these 32 big-endian bytes (copied).
   *
   * @throws IllegalArgumentException if not 32 bytes or not in [1, n-1]
   */
  public static Secp256k1PrivateKey fromBytes(byte[] bytes) {
    byte[] copy = Checks.requireLength(bytes, LENGTH, "secp256k1 private key").clone();
    BigInteger d = new BigInteger(1, copy);
    if (!Secp256k1Math.isValidScalar(d)) {
      Bytes.zero(copy);
      throw new IllegalArgumentException("secp256k1 private key must be in [1, n-1]");
    }
    return new Secp256k1PrivateKey(copy, d);
  }

  public Secp256k1PublicKey publicKey() {
    return publicKey;
  }

  /** The Ethereum address of the public key. */
  public EthereumAddress address() {
    return publicKey.address();
  }

  /** Signs a 32-byte hash; returns 64 bytes {@code r‖s} with low S. */
  public byte[] sign(byte[] hash32) {
    Checks.requireLength(hash32, Secp256k1PublicKey.HASH_LENGTH, "hash");
    BigInteger[] rs = Secp256k1Math.sign(d(), hash32);
    byte[] out = new byte[Secp256k1PublicKey.SIGNATURE_LENGTH];
    BigIntegers.asUnsignedByteArray(rs[0], out, 0, 32);
    BigIntegers.asUnsignedByteArray(rs[1], out, 32, 32);
    return out;
  }

  /**
   * Signs a 32-byte hash; returns 65 bytes {@code r‖s‖recid} with low S and recovery id 0 or 1
   * (add 27 for Ethereum's {@code v}). Ids 2/3 ({@code R.x ≥ n}, probability about 2^-127) are
   * returned as such if they ever occur.
   */
  public byte[] signRecoverable(byte[] hash32) {
    byte[] sig = sign(hash32);
    BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(sig, 0, 32));
    BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(sig, 32, 64));
    ECPoint own = publicKey.point();
    for (int recId = 0; recId < 4; recId++) {
      ECPoint q = Secp256k1Math.recover(hash32, r, s, recId);
      if (q != null && q.equals(own)) {
        byte[] out = java.util.Arrays.copyOf(sig, Secp256k1PublicKey.RECOVERABLE_SIGNATURE_LENGTH);
        out[64] = (byte) recId;
        return out;
      }
    }
    throw new CryptoException("could not compute the recovery id");
  }

  /**
   * ECDH: the 32-byte x-coordinate of {@code this·peer} (as libsecp256k1's "x-only" ECDH and the
   * Fabstir SDK use it). Feed it to a KDF.
   */
  public byte[] ecdh(Secp256k1PublicKey peer) {
    Checks.requireNonNull(peer, "peer");
    return Secp256k1Math.ecdhX(d(), peer.point());
  }

  /** A copy of the 32 private-key bytes; zero it when done. */
  public byte[] bytes() {
    return scalar.copy();
  }

  private BigInteger d() {
    return new BigInteger(1, scalar.borrow());
  }

  public boolean isDestroyed() {
    return scalar.isClosed();
  }

  /** Zeroes the key bytes. Idempotent. */
  @Override
  public void close() {
    scalar.close();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secp256k1PrivateKey other && scalar.constantTimeEquals(other.scalar);
  }

  @Override
  public int hashCode() {
    return publicKey.hashCode();
  }

  @Override
  public String toString() {
    return "Secp256k1PrivateKey[address=" + address() + ", key redacted]";
  }
}
