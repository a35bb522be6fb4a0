package io.veilnet.engine.identity;

import io.veilnet.crypto.Ed25519PrivateKey;
import io.veilnet.crypto.EthereumAddress;
import io.veilnet.crypto.Secp256k1PrivateKey;
import io.veilnet.crypto.X25519PrivateKey;
import io.veilnet.kademlia.NodeId;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * A node's long-term keys: the DHT identity ({@link io.veilnet.kademlia.NodeIdentity}: the Ed25519
 * identity key, whose public half hashes to the node id, and the X25519 static key for Noise
 * handshakes) plus the secp256k1 host key used by the client gateway (its Ethereum-style address is
 * the node's host address).
 *
 * <p>One owner per key: the DHT identity owns the Ed25519 and X25519 keys, this object owns the host
 * key; {@link #close()} closes both.
 */
public final class NodeIdentity implements AutoCloseable {
  private final io.veilnet.kademlia.NodeIdentity dht;
  private final Ed25519PrivateKey identityKey;
  private final Secp256k1PrivateKey hostKey;

  /** Takes ownership of the three keys. */
  public NodeIdentity(Ed25519PrivateKey identityKey, X25519PrivateKey staticKey, Secp256k1PrivateKey hostKey) {
    this.identityKey = Objects.requireNonNull(identityKey, "identityKey");
    this.hostKey = Objects.requireNonNull(hostKey, "hostKey");
    this.dht = new io.veilnet.kademlia.NodeIdentity(identityKey, Objects.requireNonNull(staticKey, "staticKey"));
  }

  /**
   * Generates a fresh identity whose node id satisfies the S/Kademlia static puzzle of {@code
   * difficulty} (SHA-256 of the node id has at least that many leading zero bits).
   *
   * @param maxAttempts bound on key generations (each expected difficulty costs 2^difficulty)
   * @throws IllegalStateException if no key satisfied the puzzle within {@code maxAttempts}
   */
  public static NodeIdentity generate(SecureRandom random, int difficulty, long maxAttempts) {
    Objects.requireNonNull(random, "random");
    if (difficulty < 0 || difficulty > 32) {
      throw new IllegalArgumentException("puzzle difficulty must be 0..32, got " + difficulty);
    }
    for (long i = 0; i < maxAttempts; i++) {
      Ed25519PrivateKey candidate = Ed25519PrivateKey.generate(random);
      if (NodeId.ofIdentityKey(candidate.publicKey().bytes()).satisfiesPuzzle(difficulty)) {
        return new NodeIdentity(candidate, X25519PrivateKey.generate(random), Secp256k1PrivateKey.generate(random));
      }
      candidate.close();
    }
    throw new IllegalStateException(
        "no identity met puzzle difficulty " + difficulty + " in " + maxAttempts + " attempts");
  }

  /** The DHT identity (Ed25519 + X25519), as the Kademlia node and mDNS records use it. Not a copy. */
  public io.veilnet.kademlia.NodeIdentity dht() {
    return dht;
  }

  /** Leading zero bits of SHA-256(node id): the puzzle difficulty this identity satisfies. */
  public int puzzleBits() {
    try {
      byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(dht.nodeId().toBytes());
      return NodeId.of(h).leadingZeroBits();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }

  /** The Ed25519 identity key (owned by {@link #dht()}: do not close it); signs manifests. */
  public Ed25519PrivateKey identityKey() {
    return identityKey;
  }

  /** The X25519 static key (owned by {@link #dht()}). */
  public X25519PrivateKey staticKey() {
    return dht.staticPrivateKey();
  }

  public Secp256k1PrivateKey hostKey() {
    return hostKey;
  }

  public NodeId nodeId() {
    return dht.nodeId();
  }

  public String nodeIdHex() {
    return dht.nodeId().toHex();
  }

  public EthereumAddress hostAddress() {
    return hostKey.address();
  }

  @Override
  public void close() {
    dht.close();
    hostKey.close();
  }

  @Override
  public String toString() {
    return "NodeIdentity[id=" + nodeIdHex() + ", host=" + hostAddress().toChecksumString() + "]";
  }
}
