package io.veilnet.engine.identity;

import io.veilnet.crypto.Bytes;
import io.veilnet.crypto.Ed25519PrivateKey;
import io.veilnet.crypto.EthereumAddress;
import io.veilnet.crypto.Secp256k1PrivateKey;
import io.veilnet.crypto.X25519PrivateKey;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * A node's long-term keys: the Ed25519 identity (node id = SHA-256 of its public key), the X25519
 * static key for Noise handshakes, and the secp256k1 host key used by the client gateway (its
 * Ethereum-style address is the node's host address). Owns the keys; {@link #close()} zeroes them.
 */
public final class NodeIdentity implements AutoCloseable {
  private final Ed25519PrivateKey identityKey;
  private final X25519PrivateKey staticKey;
  private final Secp256k1PrivateKey hostKey;
  private final byte[] nodeId;

  public NodeIdentity(Ed25519PrivateKey identityKey, X25519PrivateKey staticKey, Secp256k1PrivateKey hostKey) {
    this.identityKey = Objects.requireNonNull(identityKey, "identityKey");
    this.staticKey = Objects.requireNonNull(staticKey, "staticKey");
    this.hostKey = Objects.requireNonNull(hostKey, "hostKey");
    this.nodeId = nodeIdOf(identityKey.publicKey().bytes());
  }

  /**
   * Generates a fresh identity whose node id satisfies the S/Kademlia static puzzle of {@code
   * difficulty} (SHA-256 of the node id has at least that many leading zero bits).
   *
   * @param maxAttempts bound on key generations (each expected difficulty costs 2^difficulty)
   * @throws IllegalStateException if no key satisfied the puzzle within {@code maxAttempts}
   */
  public static NodeIdentity generate(SecureRandom random, int difficulty, long maxAttempts) {
    if (difficulty < 0 || difficulty > 40) {
      throw new IllegalArgumentException("puzzle difficulty must be 0..40, got " + difficulty);
    }
    for (long i = 0; i < maxAttempts; i++) {
      Ed25519PrivateKey candidate = Ed25519PrivateKey.generate(random);
      if (leadingZeroBits(sha256(nodeIdOf(candidate.publicKey().bytes()))) >= difficulty) {
        return new NodeIdentity(candidate, X25519PrivateKey.generate(random), Secp256k1PrivateKey.generate(random));
      }
      candidate.close();
    }
    throw new IllegalStateException(
        "no identity met puzzle difficulty " + difficulty + " in " + maxAttempts + " attempts");
  }

  static byte[] nodeIdOf(byte[] identityPublicKey) {
    return sha256(identityPublicKey);
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  static int leadingZeroBits(byte[] b) {
    int n = 0;
    for (byte x : b) {
      if (x == 0) {
        n += 8;
      } else {
        return n + Integer.numberOfLeadingZeros(x & 0xff) - 24;
      }
    }
    return n;
  }

  /** Leading zero bits of SHA-256(node id): the puzzle difficulty this identity satisfies. */
  public int puzzleBits() {
    return leadingZeroBits(sha256(nodeId));
  }

  public Ed25519PrivateKey identityKey() {
    return identityKey;
  }

  public X25519PrivateKey staticKey() {
    return staticKey;
  }

  public Secp256k1PrivateKey hostKey() {
    return hostKey;
  }

  /** The 32-byte node id (a copy). */
  public byte[] nodeId() {
    return nodeId.clone();
  }

  public String nodeIdHex() {
    return Bytes.toHex(nodeId);
  }

  public EthereumAddress hostAddress() {
    return hostKey.address();
  }

  @Override
  public void close() {
    identityKey.close();
    staticKey.close();
    hostKey.close();
  }

  @Override
  public String toString() {
    return "NodeIdentity[id=" + nodeIdHex() + ", host=" + hostAddress().toChecksumString() + "]";
  }
}
