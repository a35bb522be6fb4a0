package io.veilnet.crypto;

import io.veilnet.crypto.internal.Checks;
import java.util.Arrays;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithContext;
import org.bouncycastle.crypto.signers.MLDSASigner;

/**
 * An ML-DSA-65 public key (FIPS 204), 1,952 bytes: the optional post-quantum co-signing key of a
 * node record. Pure ML-DSA (no pre-hash). Immutable and thread-safe.
 */
public final class MlDsa65PublicKey implements Verifier {
  public static final int LENGTH = 1952;
  public static final int SIGNATURE_LENGTH = 3309;
  /** FIPS 204 limit on the context string. */
  public static final int MAX_CONTEXT_LENGTH = 255;

  private static final byte[] EMPTY = new byte[0];

  private final byte[] encoded;
  private final MLDSAPublicKeyParameters params;

  private MlDsa65PublicKey(byte[] encoded) {
    this.encoded = encoded;
    this.params = new MLDSAPublicKeyParameters(MLDSAParameters.ml_dsa_65, encoded);
  }

  /**
   * Wraps a 1,952-byte key. Every byte string of this length decodes to a key ({@code rho ‖ t1},
   * with 10-bit coefficients that cannot overflow), so only the length is checked.
   */
  public static MlDsa65PublicKey of(byte[] bytes) {
    return new MlDsa65PublicKey(Checks.requireLength(bytes, LENGTH, "ML-DSA-65 public key").clone());
  }

  /** The 1,952-byte encoding (a copy). */
  public byte[] bytes() {
    return encoded.clone();
  }

  /** Verifies with the empty context string. */
  @Override
  public boolean verify(byte[] message, byte[] signature) {
    return verify(message, EMPTY, signature);
  }

  /**
   * Verifies with a context string (at most 255 bytes; a longer one makes every signature
   * invalid). Malformed signatures give {@code false}.
   */
  public boolean verify(byte[] message, byte[] context, byte[] signature) {
    Checks.requireNonNull(message, "message");
    Checks.requireNonNull(context, "context");
    Checks.requireNonNull(signature, "signature");
    if (context.length > MAX_CONTEXT_LENGTH || signature.length != SIGNATURE_LENGTH) {
      return false;
    }
    try {
      MLDSASigner verifier = new MLDSASigner();
      verifier.init(false, new ParametersWithContext(params, context));
      verifier.update(message, 0, message.length);
      return verifier.verifySignature(signature);
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MlDsa65PublicKey other && Bytes.constantTimeEquals(encoded, other.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "MlDsa65PublicKey[" + Bytes.toHex(Arrays.copyOf(encoded, 8)) + "…]";
  }
}
