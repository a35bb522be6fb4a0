package io.veilnet.crypto;

import io.veilnet.crypto.internal.Checks;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.crypto.kems.MLKEMGenerator;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPublicKeyParameters;

/**
 * An ML-KEM-768 encapsulation key (FIPS 203), 1,184 bytes: the optional post-quantum key of a
 * node record. Immutable and thread-safe.
 *
 * <p>{@link #of} performs the FIPS 203 section 7.2 "modulus check": every 12-bit coefficient of
 * the encoded vector {@code t} must be below q = 3329 (i.e. the bytes re-encode to themselves).
 */
public final class MlKem768PublicKey {
  public static final int LENGTH = 1184;
  /** Ciphertext length produced by {@link #encapsulate}. */
  public static final int CIPHERTEXT_LENGTH = 1088;
  /** Shared-secret length. */
  public static final int SHARED_SECRET_LENGTH = 32;

  private static final int Q = 3329;
  private static final int T_BYTES = 1152; // 3 polynomials x 256 coefficients x 12 bits

  private final byte[] encoded;
  private final MLKEMPublicKeyParameters params;

  private MlKem768PublicKey(byte[] encoded) {
    this.encoded = encoded;
    this.params = new MLKEMPublicKeyParameters(MLKEMParameters.ml_kem_768, encoded);
  }

  /**
   * Parses and checks a 1,184-byte encapsulation key.
   *
   * @throws IllegalArgumentException on a wrong length or a coefficient &ge; q
   */
  public static MlKem768PublicKey of(byte[] bytes) {
    byte[] copy = Checks.requireLength(bytes, LENGTH, "ML-KEM-768 public key").clone();
    if (!modulusCheck(copy)) {
      throw new IllegalArgumentException("not a valid ML-KEM-768 public key (coefficient >= q)");
    }
    return new MlKem768PublicKey(copy);
  }

  private static boolean modulusCheck(byte[] ek) {
    int bad = 0;
    for (int i = 0; i < T_BYTES; i += 3) {
      int b0 = ek[i] & 0xff;
      int b1 = ek[i + 1] & 0xff;
      int b2 = ek[i + 2] & 0xff;
      int c0 = b0 | ((b1 & 0x0f) << 8);
      int c1 = (b1 >> 4) | (b2 << 4);
      // (Q - 1 - c) is negative exactly when c >= Q; collect sign bits without branching.
      bad |= (Q - 1 - c0) | (Q - 1 - c1);
    }
    return bad >= 0;
  }

  /**
   * Encapsulates a fresh shared secret to this key.
   *
   * @return the 1,088-byte ciphertext to send and the 32-byte secret to keep
   */
  public MlKem768Encapsulation encapsulate(SecureRandom random) {
    Checks.requireNonNull(random, "random");
    SecretWithEncapsulation swe = new MLKEMGenerator(random).generateEncapsulated(params);
    byte[] secret = swe.getSecret();
    byte[] ciphertext = swe.getEncapsulation();
    try {
      swe.destroy();
    } catch (javax.security.auth.DestroyFailedException e) {
      // The copies we hold are what matters; nothing more to do.
    }
    return new MlKem768Encapsulation(ciphertext, secret);
  }

  /** The 1,184-byte encoding (a copy). */
  public byte[] bytes() {
    return encoded.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MlKem768PublicKey other && Bytes.constantTimeEquals(encoded, other.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "MlKem768PublicKey[" + Bytes.toHex(Arrays.copyOf(encoded, 8)) + "…]";
  }
}
