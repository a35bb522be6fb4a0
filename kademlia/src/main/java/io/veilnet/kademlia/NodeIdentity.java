package io.veilnet.kademlia;

import io.veilnet.crypto.Ed25519PrivateKey;
import io.veilnet.crypto.X25519PrivateKey;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * A node's long-term keys: the Ed25519 identity key (its public half hashes to the node id and
 * signs records) and the X25519 static key for Noise handshakes, certified by the node record.
 * Owns both keys: {@link #close()} zeroes them. {@link #toString()} never shows secrets.
 */
public final class NodeIdentity implements AutoCloseable {
  private final Ed25519PrivateKey identityKey;
  private final X25519PrivateKey staticKey;
  private final byte[] identityPublic;
  private final NodeId nodeId;

  public NodeIdentity(Ed25519PrivateKey identityKey, X25519PrivateKey staticKey) {
    this.identityKey = Objects.requireNonNull(identityKey, "identityKey");
    this.staticKey = Objects.requireNonNull(staticKey, "staticKey");
    this.identityPublic = identityKey.publicKey().bytes();
    this.nodeId = NodeId.ofIdentityKey(identityPublic);
  }

  /**
   * Generates keys whose node id solves the S/Kademlia static puzzle at {@code difficulty}
   * (expected 2^difficulty key generations).
   */
  public static NodeIdentity generate(int difficulty, SecureRandom random) {
    if (difficulty < 0 || difficulty > 32) {
      throw new IllegalArgumentException("difficulty must be 0..32, got " + difficulty);
    }
    Objects.requireNonNull(random, "random");
    while (true) {
      Ed25519PrivateKey k = Ed25519PrivateKey.generate(random);
      if (NodeId.ofIdentityKey(k.publicKey().bytes()).satisfiesPuzzle(difficulty)) {
        return new NodeIdentity(k, X25519PrivateKey.generate(random));
      }
      k.close();
    }
  }

  public NodeId nodeId() {
    return nodeId;
  }

  /** The 32-byte Ed25519 public key. */
  public byte[] identityPublicKey() {
    return identityPublic.clone();
  }

  /** The 32-byte X25519 public key. */
  public byte[] staticPublicKey() {
    return staticKey.publicKey().bytes();
  }

  /** The X25519 private key, for the handshake code. Not a copy: do not close it. */
  public X25519PrivateKey staticPrivateKey() {
    return staticKey;
  }

  /** An Ed25519 signature by the identity key over {@code message} (64 bytes). */
  public byte[] sign(byte[] message) {
    return identityKey.sign(message);
  }

  /** Signs a value record under {@code name} (seq and expiry as given). */
  public ValueRecord signValue(byte[] name, byte[] value, long seq, long expiresAtMillis) {
    ValueRecord unsigned = new ValueRecord(identityPublic, name, seq, expiresAtMillis, value,
        new byte[64]);
    return unsigned.withSignature(identityKey.sign(unsigned.signedBytes()));
  }

  @Override
  public void close() {
    identityKey.close();
    staticKey.close();
  }

  @Override
  public String toString() {
    return "NodeIdentity[" + nodeId + ", keys redacted]";
  }
}
