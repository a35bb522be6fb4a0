package io.veilnet.kademlia.internal;

/** Checks identity-key signatures (Ed25519 in production). Never throws for bad input. */
@FunctionalInterface
public interface SignatureVerifier {
  boolean verify(byte[] publicKey, byte[] message, byte[] signature);
}
