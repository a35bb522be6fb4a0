package io.veilnet.crypto;

import io.veilnet.crypto.internal.AeadFactory;
import java.util.Objects;

/**
 * Creates {@link Aead}s. The returned instances are immutable and thread-safe (each call uses a
 * per-thread cipher), hold their own copy of the key, and throw {@link DecryptionException} — and
 * nothing more specific — on every authentication failure.
 *
 * <p>Backends, chosen by measurement on JDK 17 (docs/benchmarks.md): AES-GCM on the JDK provider
 * (AES-NI/CLMUL intrinsics); ChaCha20-Poly1305 on the JDK provider; XChaCha20-Poly1305 as
 * HChaCha20 subkey + JDK ChaCha20-Poly1305.
 */
public final class Aeads {
  private Aeads() {}

  /**
   * An AEAD for {@code algorithm} under {@code key}.
   *
   * @throws IllegalArgumentException if the key length does not match the algorithm, or the key
   *     has been closed
   */
  public static Aead create(AeadAlgorithm algorithm, SymmetricKey key) {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(key, "key");
    if (key.isDestroyed()) {
      throw new IllegalArgumentException("key has been closed");
    }
    if (key.length() != algorithm.keySize()) {
      throw new IllegalArgumentException(
          algorithm + " needs a " + algorithm.keySize() + "-byte key, got " + key.length());
    }
    byte[] k = key.bytes();
    try {
      return AeadFactory.create(algorithm, k);
    } finally {
      Bytes.zero(k);
    }
  }
}
