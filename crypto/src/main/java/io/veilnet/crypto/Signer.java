package io.veilnet.crypto;

/**
 * Produces signatures over messages with one private key. Implementations are thread-safe until
 * the key they hold is closed; after that every call throws {@link IllegalStateException}.
 */
public interface Signer {

  /**
   * Signs {@code message}.
   *
   * @return the signature in the scheme's fixed encoding (Ed25519: 64 bytes; ML-DSA-65: 3,309 bytes)
   */
  byte[] sign(byte[] message);
}
