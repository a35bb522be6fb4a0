package io.veilnet.crypto.internal;

import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECConstantTimeMultiplier;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

/**
 * secp256k1 arithmetic on Bouncy Castle's custom (fast, constant-time field) curve
 * implementation: domain constants, RFC 6979 ECDSA with low-S normalisation, verification and
 * SEC 1 section 4.1.6 public-key recovery. Not API.
 */
public final class Secp256k1Math {
  private static final X9ECParameters PARAMS = CustomNamedCurves.getByName("secp256k1");
  public static final ECCurve CURVE = PARAMS.getCurve();
  public static final ECDomainParameters DOMAIN =
      new ECDomainParameters(PARAMS.getCurve(), PARAMS.getG(), PARAMS.getN(), PARAMS.getH());
  public static final BigInteger N = PARAMS.getN();
  public static final BigInteger HALF_N = N.shiftRight(1);
  public static final BigInteger P = CURVE.getField().getCharacteristic();

  private Secp256k1Math() {}

  /** Whether {@code d} is a valid private scalar, 1 &le; d &lt; n. */
  public static boolean isValidScalar(BigInteger d) {
    return d.signum() > 0 && d.compareTo(N) < 0;
  }

  /** {@code d·G}, normalised. */
  public static ECPoint publicPoint(BigInteger d) {
    return new FixedPointCombMultiplier().multiply(DOMAIN.getG(), d).normalize();
  }

  /**
   * Deterministic (RFC 6979, HMAC-SHA256) ECDSA over a 32-byte hash, normalised to low S.
   *
   * @return {@code {r, s}} with {@code s <= n/2}
   */
  public static BigInteger[] sign(BigInteger d, byte[] hash32) {
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, new ECPrivateKeyParameters(d, DOMAIN));
    BigInteger[] rs = signer.generateSignature(hash32);
    if (rs[1].compareTo(HALF_N) > 0) {
      rs[1] = N.subtract(rs[1]);
    }
    return rs;
  }

  /** Wraps a validated point for {@link #verify}; build once per public key. */
  public static ECPublicKeyParameters publicParameters(ECPoint q) {
    return new ECPublicKeyParameters(q, DOMAIN);
  }

  /** Standard ECDSA verification; r and s must lie in [1, n-1], any S accepted. */
  public static boolean verify(ECPublicKeyParameters q, byte[] hash32, BigInteger r, BigInteger s) {
    if (!inRange(r) || !inRange(s)) {
      return false;
    }
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, q);
    return verifier.verifySignature(hash32, r, s);
  }

  public static boolean inRange(BigInteger v) {
    return v.signum() > 0 && v.compareTo(N) < 0;
  }

  /**
   * SEC 1 v2 section 4.1.6 public-key recovery for recovery id 0..3 (bit 0: parity of R.y, bit
   * 1: R.x = r + n). Returns null if no key results.
   */
  public static ECPoint recover(byte[] hash32, BigInteger r, BigInteger s, int recId) {
    if (!inRange(r) || !inRange(s) || recId < 0 || recId > 3) {
      return null;
    }
    BigInteger x = (recId & 2) != 0 ? r.add(N) : r;
    if (x.compareTo(P) >= 0) {
      return null;
    }
    byte[] enc = new byte[33];
    enc[0] = (byte) ((recId & 1) != 0 ? 0x03 : 0x02);
    BigIntegers.asUnsignedByteArray(x, enc, 1, 32);
    ECPoint bigR;
    try {
      bigR = CURVE.decodePoint(enc);
    } catch (IllegalArgumentException e) {
      return null; // x is not the abscissa of a curve point
    }
    // The cofactor is 1, so every point other than infinity has order n: no n·R check needed.
    BigInteger e = new BigInteger(1, hash32);
    BigInteger rInv = r.modInverse(N);
    BigInteger u1 = N.subtract(e).multiply(rInv).mod(N);
    BigInteger u2 = s.multiply(rInv).mod(N);
    ECPoint q = ECAlgorithms.sumOfTwoMultiplies(DOMAIN.getG(), u1, bigR, u2).normalize();
    return q.isInfinity() ? null : q;
  }

  /**
   * The x-coordinate of {@code d·Q} as 32 bytes. Uses Bouncy Castle's constant-time multiplier rather than the curve's
   * default (GLV/wNAF, whose running time depends on the scalar) because {@code d} is secret.
   */
  public static byte[] ecdhX(BigInteger d, ECPoint q) {
    ECPoint shared = new ECConstantTimeMultiplier(N).multiply(q, d).normalize();
    if (shared.isInfinity()) {
      throw new IllegalStateException("ECDH produced the point at infinity");
    }
    return BigIntegers.asUnsignedByteArray(32, shared.getAffineXCoord().toBigInteger());
  }
}
