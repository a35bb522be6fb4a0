package io.veilnet.crypto;

import io.veilnet.crypto.internal.Checks;
import io.veilnet.crypto.internal.SecretBytes;
import java.security.SecureRandom;
import org.bouncycastle.crypto.kems.MLKEMExtractor;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;

/**
 * An ML-KEM-768 decapsulation key (FIPS 203), held as its 64-byte seed {@code d ‖ z} (the
 * compact form FIPS 203 allows; the 2,400-byte expanded key is derived on load and never
 * exported, so no expanded-key hash check is needed). {@link #close()} zeroes the seed and Bouncy
 * Castle's expanded key; any use afterwards throws {@link IllegalStateException}.
 *
 * <p>Decapsulation uses implicit rejection: a well-formed but wrong ciphertext yields a
 * pseudo-random secret, never an error, so it is no oracle. Only a ciphertext of the wrong length
 * is refused.
 */
public final class MlKem768PrivateKey implements AutoCloseable {
  public static final int SEED_LENGTH = 64;

  private final SecretBytes seed;
  private final MLKEMPrivateKeyParameters params;
  private final MlKem768PublicKey publicKey;

  private MlKem768PrivateKey(byte[] seed) {
    this.seed = new SecretBytes(seed);
    this.params = new MLKEMPrivateKeyParameters(MLKEMParameters.ml_kem_768, seed);
    this.publicKey = MlKem768PublicKey.of(params.getPublicKey());
  }

  /** A fresh key from {@code random}. */
  public static MlKem768PrivateKey generate(SecureRandom random) {
    Checks.requireNonNull(random, "random");
    byte[] s = new byte[SEED_LENGTH];
    random.nextBytes(s);
    return new MlKem768PrivateKey(s);
  }

  /** The key derived from the 64-byte seed {@code d ‖ z} (FIPS 203 ML-KEM.KeyGen_internal). */
  public static MlKem768PrivateKey fromSeed(byte[] seed) {
    return new MlKem768PrivateKey(Checks.requireLength(seed, SEED_LENGTH, "ML-KEM-768 seed").clone());
  }

  public MlKem768PublicKey publicKey() {
    return publicKey;
  }

  /**
   * Recovers the 32-byte shared secret from a 1,088-byte ciphertext.
   *
   * @throws CryptoException if the ciphertext has the wrong length
   */
  public byte[] decapsulate(byte[] ciphertext) {
    Checks.requireNonNull(ciphertext, "ciphertext");
    seed.borrow(); // use-after-close check
    if (ciphertext.length != MlKem768PublicKey.CIPHERTEXT_LENGTH) {
      throw new CryptoException("ML-KEM-768 ciphertext must be "
          + MlKem768PublicKey.CIPHERTEXT_LENGTH + " bytes, got " + ciphertext.length);
    }
    return new MLKEMExtractor(params).extractSecret(ciphertext);
  }

  /** A copy of the 64-byte seed; zero it when done. */
  public byte[] seed() {
    return seed.copy();
  }

  public boolean isDestroyed() {
    return seed.isClosed();
  }

  /** Zeroes the seed and the expanded key. Idempotent. */
  @Override
  public void close() {
    seed.close();
    params.destroy();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MlKem768PrivateKey other && seed.constantTimeEquals(other.seed);
  }

  @Override
  public int hashCode() {
    return publicKey.hashCode();
  }

  @Override
  public String toString() {
    return "MlKem768PrivateKey[seed redacted]";
  }
}
