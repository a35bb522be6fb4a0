package io.veilnet.kademlia.internal;

import io.veilnet.kademlia.NodeIdentity;

/** Adapts a {@link NodeIdentity} to the protocol's {@link Signer}. */
public final class Signers {
  private Signers() {}

  public static Signer of(NodeIdentity identity) {
    byte[] pub = identity.identityPublicKey();
    return new Signer() {
      @Override
      public byte[] publicKey() {
        return pub.clone();
      }

      @Override
      public byte[] sign(byte[] message) {
        return identity.sign(message);
      }
    };
  }
}
