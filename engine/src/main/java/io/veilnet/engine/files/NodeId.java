package io.veilnet.engine.files;


/** A 32-byte node id (SHA-256 of the node's identity key); XOR distance orders nodes. Immutable. */
public final class NodeId extends Id256 implements Comparable<NodeId> {
  public static final int LENGTH = Id256.LENGTH;

  private NodeId(byte[] bytes) {
    super(bytes);
  }

  /** Wraps a copy of {@code bytes} (exactly 32). */
  public static NodeId of(byte[] bytes) {
    return new NodeId(checkedCopy(bytes, "NodeId"));
  }

  /** Parses 64 hex characters. */
  public static NodeId fromHex(String hex) {
    return new NodeId(parseHex(hex, "NodeId"));
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

  @Override
  public int compareTo(NodeId o) {
    return compareBytes(o);
  }
}
