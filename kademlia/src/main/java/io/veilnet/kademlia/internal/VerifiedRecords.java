package io.veilnet.kademlia.internal;

import io.veilnet.kademlia.NodeId;
import io.veilnet.kademlia.NodeRecord;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers node records whose signature and puzzle have been checked, so that an identical copy
 * heard again costs one equality test instead of an Ed25519 verification. Signature validity is a
 * pure function of the record bytes, so one instance may be shared by every node of a JVM.
 * Bounded: when full it is cleared (cheap, and correctness never depends on a hit).
 */
public final class VerifiedRecords {
  private final int capacity;
  private final ConcurrentHashMap<NodeId, NodeRecord> records;

  public VerifiedRecords(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1");
    }
    this.capacity = capacity;
    this.records = new ConcurrentHashMap<>(Math.min(capacity, 1024));
  }

  /** True if exactly this record (every field) was verified before. */
  public boolean contains(NodeRecord r) {
    NodeRecord known = records.get(r.nodeId());
    return known != null && known.equals(r);
  }

  public void add(NodeRecord r) {
    if (records.size() >= capacity) {
      records.clear();
    }
    records.merge(r.nodeId(), r, (a, b) -> b.seq() >= a.seq() ? b : a);
  }

  public int size() {
    return records.size();
  }
}
