package io.veilnet.engine.files;

import io.veilnet.crypto.Bytes;
import java.util.Arrays;
import java.util.Objects;

/** A 32-byte node id (SHA-256 of the node's identity key); XOR distance orders nodes. Immutable. */
public final class NodeId implements Comparable<NodeId> {
  public static final int LENGTH = 32;
  private final byte[] bytes;

  private NodeId(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Wraps a copy of {@code bytes} (exactly 32). */
  public static NodeId of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("NodeId must be " + LENGTH + " bytes, got " + bytes.length);
    }
    return new NodeId(bytes.clone());
  }

  /** Parses 64 hex characters. */
  public static NodeId fromHex(String hex) {
    Objects.requireNonNull(hex, "hex");
    if (hex.length() != 2 * LENGTH) {
      throw new IllegalArgumentException("NodeId must be " + 2 * LENGTH + " hex characters, got " + hex.length());
    }
    return new NodeId(Bytes.fromHex(hex));
  }

  /** XOR distance from this node to {@code key}, compared as an unsigned 256-bit number. */
  public int compareDistance(byte[] key, NodeId other) {
    for (int i = 0; i < LENGTH; i++) {
      int a = (bytes[i] ^ key[i]) & 0xff;
      int b = (other.bytes[i] ^ key[i]) & 0xff;
      if (a != b) {
        return Integer.compare(a, b);
      }
    }
    return 0;
  }

  /** A copy of the 32 bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  public String toHex() {
    return Bytes.toHex(bytes);
  }

  @Override
  public int compareTo(NodeId o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeId other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
