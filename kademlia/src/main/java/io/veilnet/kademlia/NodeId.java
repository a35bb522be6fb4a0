package io.veilnet.kademlia;

import io.veilnet.crypto.Bytes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Random;

/**
 * A 256-bit Kademlia node id: {@code SHA-256(Ed25519 identity public key)}, compared by XOR
 * distance. Immutable. The S/Kademlia static puzzle says an id is valid only if
 * {@code SHA-256(id)} starts with at least {@code c} zero bits ({@link #satisfiesPuzzle(int)}).
 */
public final class NodeId implements Comparable<NodeId> {
  /** Length of an id in bytes. */
  public static final int LENGTH = 32;
  /** Number of bits in an id. */
  public static final int BITS = 256;

  private final byte[] id;
  private final int hash;

  private NodeId(byte[] id) {
    this.id = id;
    this.hash = Arrays.hashCode(id);
  }

  /** Wraps a copy of 32 bytes. */
  public static NodeId of(byte[] bytes) {
    if (bytes == null || bytes.length != LENGTH) {
      throw new IllegalArgumentException("node id must be " + LENGTH + " bytes");
    }
    return new NodeId(bytes.clone());
  }

  /** Parses 64 hex digits. */
  public static NodeId fromHex(String hex) {
    return of(Bytes.fromHex(hex));
  }

  /** The id that belongs to an Ed25519 identity public key. */
  public static NodeId ofIdentityKey(byte[] identityPublicKey) {
    if (identityPublicKey == null || identityPublicKey.length != 32) {
      throw new IllegalArgumentException("identity public key must be 32 bytes");
    }
    return new NodeId(sha256(identityPublicKey));
  }

  /** A random id (for bucket refresh targets and tests); not a valid identity. */
  public static NodeId random(Random random) {
    byte[] b = new byte[LENGTH];
    random.nextBytes(b);
    return new NodeId(b);
  }

  /** A copy of the 32 id bytes. */
  public byte[] toBytes() {
    return id.clone();
  }

  /** Byte {@code i} of the id, without copying. */
  public int byteAt(int i) {
    return id[i] & 0xff;
  }

  /** Bit {@code i}, counted from the most significant bit (0) to the least (255). */
  public int bit(int i) {
    return (id[i >>> 3] >>> (7 - (i & 7))) & 1;
  }

  /** XOR distance to {@code other}, as an id-sized value. */
  public NodeId distance(NodeId other) {
    byte[] d = new byte[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      d[i] = (byte) (id[i] ^ other.id[i]);
    }
    return new NodeId(d);
  }

  /**
   * Compares {@code a} and {@code b} by XOR distance to this id without allocating: negative if
   * {@code a} is closer.
   */
  public int compareDistance(NodeId a, NodeId b) {
    for (int i = 0; i < LENGTH; i++) {
      int da = (a.id[i] ^ id[i]) & 0xff;
      int db = (b.id[i] ^ id[i]) & 0xff;
      if (da != db) {
        return da < db ? -1 : 1;
      }
    }
    return 0;
  }

  /** Length of the common bit prefix with {@code other} (256 when equal). */
  public int commonPrefixLength(NodeId other) {
    for (int i = 0; i < LENGTH; i++) {
      int x = (id[i] ^ other.id[i]) & 0xff;
      if (x != 0) {
        return i * 8 + Integer.numberOfLeadingZeros(x) - 24;
      }
    }
    return BITS;
  }

  /** Number of leading zero bits of the id. */
  public int leadingZeroBits() {
    return leadingZeroBits(id);
  }

  /** True if {@code SHA-256(id)} has at least {@code difficulty} leading zero bits. */
  public boolean satisfiesPuzzle(int difficulty) {
    if (difficulty <= 0) {
      return true;
    }
    return leadingZeroBits(sha256(id)) >= difficulty;
  }

  /** A copy of this id with bit {@code i} flipped and all lower bits randomised. */
  public NodeId randomInBucket(int prefixLength, Random random) {
    if (prefixLength < 0 || prefixLength >= BITS) {
      throw new IllegalArgumentException("prefix length must be 0..255, got " + prefixLength);
    }
    byte[] b = new byte[LENGTH];
    random.nextBytes(b);
    for (int i = 0; i < prefixLength; i++) {
      setBit(b, i, bit(i));
    }
    setBit(b, prefixLength, 1 - bit(prefixLength));
    return new NodeId(b);
  }

  private static void setBit(byte[] b, int i, int v) {
    int mask = 1 << (7 - (i & 7));
    if (v == 0) {
      b[i >>> 3] &= (byte) ~mask;
    } else {
      b[i >>> 3] |= (byte) mask;
    }
  }

  static int leadingZeroBits(byte[] b) {
    for (int i = 0; i < b.length; i++) {
      int x = b[i] & 0xff;
      if (x != 0) {
        return i * 8 + Integer.numberOfLeadingZeros(x) - 24;
      }
    }
    return b.length * 8;
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** Unsigned lexicographic order of the id bytes (equivalently, distance from the zero id). */
  @Override
  public int compareTo(NodeId o) {
    return Arrays.compareUnsigned(id, o.id);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeId other && hash == other.hash && Arrays.equals(id, other.id);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** Lower-case hex of the full id. */
  public String toHex() {
    return Bytes.toHex(id);
  }

  /** The first 8 hex digits, for logs. */
  @Override
  public String toString() {
    return toHex().substring(0, 8);
  }
}
