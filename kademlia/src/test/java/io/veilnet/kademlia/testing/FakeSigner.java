package io.veilnet.kademlia.testing;

import io.veilnet.kademlia.internal.SignatureVerifier;
import io.veilnet.kademlia.internal.Signer;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A cheap stand-in for Ed25519 in large simulations, where signature cost is not under test:
 * the "signature" is {@code SHA-256(pub ‖ msg) ‖ SHA-256(msg ‖ pub)}, so anyone can forge it.
 * Never use outside tests.
 */
public final class FakeSigner implements Signer {
  private final byte[] publicKey;

  public FakeSigner(long seed) {
    this.publicKey = sha256(ByteBuffer.allocate(8).putLong(seed).array());
  }

  public FakeSigner(byte[] publicKey) {
    this.publicKey = publicKey.clone();
  }

  /** The first seed from {@code start} whose node id satisfies the puzzle at {@code difficulty}. */
  public static FakeSigner withPuzzle(long start, int difficulty) {
    for (long s = start; s < start + (1L << (difficulty + 8)); s++) {
      FakeSigner f = new FakeSigner(s);
      if (io.veilnet.kademlia.NodeId.ofIdentityKey(f.publicKey).satisfiesPuzzle(difficulty)) {
        return f;
      }
    }
    throw new IllegalStateException("no puzzle solution found");
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public byte[] sign(byte[] message) {
    return signature(publicKey, message);
  }

  public static final SignatureVerifier VERIFIER =
      (pub, msg, sig) -> sig != null && pub != null && Arrays.equals(signature(pub, msg), sig);

  static byte[] signature(byte[] pub, byte[] msg) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(pub);
      byte[] a = d.digest(msg);
      d.update(msg);
      byte[] b = d.digest(pub);
      byte[] out = new byte[64];
      System.arraycopy(a, 0, out, 0, 32);
      System.arraycopy(b, 0, out, 32, 32);
      return out;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
