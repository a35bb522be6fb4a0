package io.veilnet.crypto;

import io.veilnet.crypto.internal.Checks;
import io.veilnet.crypto.internal.Secp256k1Math;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A secp256k1 public key (the gateway host key, Ethereum accounts). Immutable and thread-safe.
 *
 * <p>Signatures here are over a 32-byte <em>hash</em>, not a message, because the two users hash
 * differently (Ethereum: Keccak-256; the gateway handshake: SHA-256). Two verification entry
 * points:
 *
 * <ul>
 *   <li>{@link #verify(byte[], byte[])}: our protocol's strict form — exactly 64 bytes
 *       {@code r‖s} (big-endian, 32 bytes each), {@code 1 ≤ r < n}, {@code 1 ≤ s ≤ n/2} (low S).
 *       A high-S signature is rejected, so signatures are not malleable.
 *   <li>{@link #verifyDer(byte[], byte[])}: standard ECDSA for interoperability — strict DER
 *       ({@code SEQUENCE {INTEGER r, INTEGER s}}, no BER leniency), both low and high S accepted.
 * </ul>
 *
 * Both return {@code false} for any malformed signature and never throw for one.
 */
public final class Secp256k1PublicKey {
  public static final int COMPRESSED_LENGTH = 33;
  public static final int UNCOMPRESSED_LENGTH = 65;
  public static final int SIGNATURE_LENGTH = 64;
  public static final int RECOVERABLE_SIGNATURE_LENGTH = 65;
  public static final int HASH_LENGTH = 32;

  private final ECPoint point;
  private final ECPublicKeyParameters params;
  private final byte[] compressed;

  private Secp256k1PublicKey(ECPoint point) {
    this.point = point.normalize();
    this.params = Secp256k1Math.publicParameters(this.point);
    this.compressed = this.point.getEncoded(true);
  }

  static Secp256k1PublicKey ofPoint(ECPoint point) {
    return new Secp256k1PublicKey(point);
  }

  /**
   * Parses an SEC 1 encoding: 33 bytes compressed ({@code 02}/{@code 03} ‖ x) or 65 bytes
   * uncompressed ({@code 04} ‖ x ‖ y). The point must be on the curve; the point at infinity and
   * the hybrid forms ({@code 06}/{@code 07}) are rejected.
   *
   * @throws IllegalArgumentException if the bytes are not a valid public key
   */
  public static Secp256k1PublicKey fromBytes(byte[] encoded) {
    Checks.requireNonNull(encoded, "secp256k1 public key");
    int prefix = encoded.length == 0 ? -1 : encoded[0];
    boolean ok = (encoded.length == COMPRESSED_LENGTH && (prefix == 0x02 || prefix == 0x03))
        || (encoded.length == UNCOMPRESSED_LENGTH && prefix == 0x04);
    if (!ok) {
      throw new IllegalArgumentException("secp256k1 public key must be 33 bytes (02/03 prefix) or "
          + "65 bytes (04 prefix), got " + encoded.length + " bytes");
    }
    ECPoint p;
    try {
      p = Secp256k1Math.CURVE.decodePoint(encoded);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new IllegalArgumentException("not a point on secp256k1");
    }
    if (p.isInfinity() || !p.isValid()) {
      throw new IllegalArgumentException("not a point on secp256k1");
    }
    return new Secp256k1PublicKey(p);
  }

  /**
   * Recovers the signer's key from a 65-byte {@code r‖s‖v} signature over {@code hash32}.
   * {@code v} may be the recovery id 0/1 or Ethereum's 27/28 (2/3 and 29/30, for the rare
   * {@code R.x ≥ n} case, are accepted too). S must be low ({@code ≤ n/2}), as in Ethereum
   * transactions (EIP-2) and in everything we sign.
   *
   * @throws IllegalArgumentException if {@code hash32} is not 32 bytes
   * @throws CryptoException if the signature is malformed or recovers no key
   */
  public static Secp256k1PublicKey recover(byte[] hash32, byte[] signature65) {
    Checks.requireLength(hash32, HASH_LENGTH, "hash");
    if (signature65 == null || signature65.length != RECOVERABLE_SIGNATURE_LENGTH) {
      throw new CryptoException("recoverable signature must be 65 bytes");
    }
    int v = signature65[64] & 0xff;
    int recId = v >= 27 ? v - 27 : v;
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature65, 0, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature65, 32, 64));
    if (recId < 0 || recId > 3 || s.compareTo(Secp256k1Math.HALF_N) > 0) {
      throw new CryptoException("invalid recoverable signature");
    }
    ECPoint q = Secp256k1Math.recover(hash32, r, s, recId);
    if (q == null) {
      throw new CryptoException("invalid recoverable signature");
    }
    return new Secp256k1PublicKey(q);
  }

  /** 33-byte SEC 1 compressed encoding (a copy). */
  public byte[] compressed() {
    return compressed.clone();
  }

  /** 65-byte SEC 1 uncompressed encoding {@code 04 ‖ x ‖ y}. */
  public byte[] uncompressed() {
    return point.getEncoded(false);
  }

  /** The Ethereum address of this key. */
  public EthereumAddress address() {
    return EthereumAddress.fromPublicKey(this);
  }

  /** Strict verification: 64-byte {@code r‖s}, low S required. See the class comment. */
  public boolean verify(byte[] hash32, byte[] signature64) {
    Checks.requireLength(hash32, HASH_LENGTH, "hash");
    Checks.requireNonNull(signature64, "signature");
    if (signature64.length != SIGNATURE_LENGTH) {
      return false;
    }
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature64, 0, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature64, 32, 64));
    if (s.compareTo(Secp256k1Math.HALF_N) > 0) {
      return false;
    }
    return Secp256k1Math.verify(params, hash32, r, s);
  }

  /** Standard ECDSA verification of a strict-DER signature; high S accepted. */
  public boolean verifyDer(byte[] hash32, byte[] derSignature) {
    Checks.requireLength(hash32, HASH_LENGTH, "hash");
    Checks.requireNonNull(derSignature, "signature");
    BigInteger[] rs;
    try {
      // Decodes, range-checks r and s, and insists that re-encoding gives back the same bytes
      // (so BER variants, extra zero padding and trailing data are refused).
      rs = StandardDSAEncoding.INSTANCE.decode(Secp256k1Math.N, derSignature);
    } catch (IOException | RuntimeException e) {
      return false;
    }
    return Secp256k1Math.verify(params, hash32, rs[0], rs[1]);
  }

  ECPoint point() {
    return point;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secp256k1PublicKey other
        && Bytes.constantTimeEquals(compressed, other.compressed);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(compressed);
  }

  @Override
  public String toString() {
    return "Secp256k1PublicKey[" + Bytes.toHex(compressed) + "]";
  }
}
