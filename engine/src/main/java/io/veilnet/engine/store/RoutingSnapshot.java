package io.veilnet.engine.store;

import io.veilnet.kademlia.NodeRecord;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Persists a node's routing table as the signed node records of its peers, so that a restarted
 * node can bootstrap from them (design §4): {@code "VNRT" ‖ count (2) ‖ (len (2) ‖ record)*}.
 * Records are re-verified by the DHT when used, so a damaged snapshot costs only a slower join.
 */
public final class RoutingSnapshot {
  private static final byte[] MAGIC = {'V', 'N', 'R', 'T'};
  public static final int MAX_PEERS = 10_000;

  private RoutingSnapshot() {}

  public static byte[] encode(List<NodeRecord> peers) {
    Objects.requireNonNull(peers, "peers");
    if (peers.size() > MAX_PEERS) {
      throw new IllegalArgumentException("at most " + MAX_PEERS + " peers, got " + peers.size());
    }
    List<byte[]> enc = new ArrayList<>(peers.size());
    int size = MAGIC.length + 2;
    for (NodeRecord r : peers) {
      byte[] e = r.encode();
      enc.add(e);
      size += 2 + e.length;
    }
    ByteBuffer b = ByteBuffer.allocate(size).put(MAGIC).putShort((short) enc.size());
    enc.forEach(e -> b.putShort((short) e.length).put(e));
    return b.array();
  }

  /** @throws IllegalArgumentException if the bytes are not a snapshot */
  public static List<NodeRecord> decode(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    try {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      byte[] magic = new byte[4];
      b.get(magic);
      if (!java.util.Arrays.equals(magic, MAGIC)) {
        throw new IllegalArgumentException("not a routing snapshot");
      }
      int count = b.getShort() & 0xffff;
      List<NodeRecord> out = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        int len = b.getShort() & 0xffff;
        if (len > NodeRecord.MAX_ENCODED) {
          throw new IllegalArgumentException("node record too long in snapshot: " + len);
        }
        byte[] e = new byte[len];
        b.get(e);
        out.add(NodeRecord.decode(e));
      }
      return out;
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated routing snapshot");
    } catch (RuntimeException e) {
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IllegalArgumentException("bad node record in routing snapshot: " + e.getMessage());
    }
  }

  /** Saves the peers into {@code store} (blocking). */
  public static void save(NodeStore store, List<NodeRecord> peers) {
    store.saveRoutingTable(encode(peers));
  }

  /** The saved peers, or none if there is no (readable) snapshot. Blocking. */
  public static List<NodeRecord> load(NodeStore store) {
    return store.loadRoutingTable().map(b -> {
      try {
        return decode(b);
      } catch (IllegalArgumentException e) {
        return List.<NodeRecord>of();
      }
    }).orElse(List.of());
  }
}
