package io.veilnet.kademlia.internal;

import io.veilnet.kademlia.NodeId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A short negative cache: peers whose request failed (hard timeout) in the last
 * {@code memoryMillis}, forgotten as soon as they are heard from. Lookups deprioritise them instead
 * of paying a timeout for the same dead peer again; nothing is evicted from the routing table on
 * its account. Bounded (oldest failures forgotten first); confined to the protocol thread.
 */
final class FailedPeers {
  static final int MAX_PEERS = 4_096;
  private final long memoryMillis;
  private final Map<NodeId, Long> failedAt = new LinkedHashMap<>(64, 0.75f, false) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<NodeId, Long> eldest) {
      return size() > MAX_PEERS;
    }
  };

  FailedPeers(long memoryMillis) {
    if (memoryMillis < 0) {
      throw new IllegalArgumentException("memoryMillis must be >= 0, got " + memoryMillis);
    }
    this.memoryMillis = memoryMillis;
  }

  /** A request to {@code peer} failed at {@code nowMillis}. */
  void failed(NodeId peer, long nowMillis) {
    failedAt.remove(peer); // re-insert: the map stays ordered by failure time
    failedAt.put(peer, nowMillis);
  }

  /** {@code peer} answered or sent us a request: it is not suspect any more. */
  void heard(NodeId peer) {
    failedAt.remove(peer);
  }

  boolean isSuspect(NodeId peer, long nowMillis) {
    Long t = failedAt.get(peer);
    if (t == null) {
      return false;
    }
    if (nowMillis - t >= memoryMillis) {
      failedAt.remove(peer);
      return false;
    }
    return true;
  }

  int size() {
    return failedAt.size();
  }
}
