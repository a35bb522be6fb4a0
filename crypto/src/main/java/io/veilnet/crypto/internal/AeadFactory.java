package io.veilnet.crypto.internal;

import io.veilnet.crypto.AeadAlgorithm;

/** Not API. Builds the {@link AbstractAead} backend for an algorithm from raw key bytes. */
public final class AeadFactory {
  private AeadFactory() {}

  /** {@code key} is copied and must already have the algorithm's key size. */
  public static AbstractAead create(AeadAlgorithm algorithm, byte[] key) {
    if (key.length != algorithm.keySize()) {
      throw new IllegalArgumentException(
          algorithm + " needs a " + algorithm.keySize() + "-byte key, got " + key.length);
    }
    switch (algorithm) {
      case AES_128_GCM:
      case AES_256_GCM:
      case CHACHA20_POLY1305:
        return new JceAead(algorithm, key);
      case XCHACHA20_POLY1305:
        return new XChaCha20Poly1305Aead(key);
      default:
        throw new IllegalArgumentException("unsupported AEAD: " + algorithm);
    }
  }
}
