package io.veilnet.kademlia.internal;

import io.veilnet.crypto.Ed25519PublicKey;

/** {@link SignatureVerifier} over the crypto module's Ed25519; invalid keys verify nothing. */
public final class Ed25519Verifier implements SignatureVerifier {
  public static final Ed25519Verifier INSTANCE = new Ed25519Verifier();

  private Ed25519Verifier() {}

  @Override
  public boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey == null || message == null || signature == null) {
      return false;
    }
    try {
      return Ed25519PublicKey.of(publicKey).verify(message, signature);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
