package io.veilnet.crypto;

import io.veilnet.crypto.internal.Checks;
import io.veilnet.crypto.internal.SecretBytes;
import java.security.SecureRandom;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithContext;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.MLDSASigner;

/**
 * An ML-DSA-65 private key (FIPS 204), held as its 32-byte seed ξ; the expanded key is derived on
 * load. Signing is the FIPS 204 default "hedged" variant (fresh randomness mixed into each
 * signature), pure ML-DSA, 3,309-byte signatures. {@link #close()} zeroes the seed and Bouncy
 * Castle's expanded key; any use afterwards throws {@link IllegalStateException}.
 */
public final class MlDsa65PrivateKey implements Signer, AutoCloseable {
  public static final int SEED_LENGTH = 32;

  private static final byte[] EMPTY = new byte[0];

  private final SecretBytes seed;
  private final MLDSAPrivateKeyParameters params;
  private final MlDsa65PublicKey publicKey;
  private final SecureRandom random;

  private MlDsa65PrivateKey(byte[] seed, SecureRandom random) {
    this.seed = new SecretBytes(seed);
    this.params = new MLDSAPrivateKeyParameters(MLDSAParameters.ml_dsa_65, seed);
    this.publicKey = MlDsa65PublicKey.of(params.getPublicKey());
    this.random = random;
  }

  /** A fresh key from {@code random}, which also supplies the per-signature randomness. */
  public static MlDsa65PrivateKey generate(SecureRandom random) {
    Checks.requireNonNull(random, "random");
    byte[] s = new byte[SEED_LENGTH];
    random.nextBytes(s);
    return new MlDsa65PrivateKey(s, random);
  }

  /** As {@link #fromSeed(byte[], SecureRandom)} with a new {@link SecureRandom} for signing. */
  public static MlDsa65PrivateKey fromSeed(byte[] seed) {
    return fromSeed(seed, new SecureRandom());
  }

  /** The key derived from the 32-byte seed ξ (FIPS 204 ML-DSA.KeyGen_internal). */
  public static MlDsa65PrivateKey fromSeed(byte[] seed, SecureRandom random) {
    Checks.requireNonNull(random, "random");
    return new MlDsa65PrivateKey(
        Checks.requireLength(seed, SEED_LENGTH, "ML-DSA-65 seed").clone(), random);
  }

  public MlDsa65PublicKey publicKey() {
    return publicKey;
  }

  /** Signs with the empty context string. */
  @Override
  public byte[] sign(byte[] message) {
    return sign(message, EMPTY);
  }

  /** Signs with a context string of at most 255 bytes. */
  public byte[] sign(byte[] message, byte[] context) {
    Checks.requireNonNull(message, "message");
    Checks.requireNonNull(context, "context");
    if (context.length > MlDsa65PublicKey.MAX_CONTEXT_LENGTH) {
      throw new IllegalArgumentException("ML-DSA context must be at most 255 bytes, got " + context.length);
    }
    seed.borrow(); // use-after-close check
    MLDSASigner signer = new MLDSASigner();
    signer.init(true, new ParametersWithContext(new ParametersWithRandom(params, random), context));
    signer.update(message, 0, message.length);
    try {
      return signer.generateSignature();
    } catch (org.bouncycastle.crypto.CryptoException e) {
      throw new CryptoException("ML-DSA-65 signing failed", e);
    }
  }

  /** A copy of the 32-byte seed; zero it when done. */
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
    return o instanceof MlDsa65PrivateKey other && seed.constantTimeEquals(other.seed);
  }

  @Override
  public int hashCode() {
    return publicKey.hashCode();
  }

  @Override
  public String toString() {
    return "MlDsa65PrivateKey[seed redacted]";
  }
}
