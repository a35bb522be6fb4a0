package io.veilnet.kademlia.internal;

/** Signs with a node's identity key (Ed25519 in production). */
public interface Signer {
  /** The 32-byte public key that verifies this signer's signatures. */
  byte[] publicKey();

  /** A 64-byte signature over {@code message}. */
  byte[] sign(byte[] message);
}
