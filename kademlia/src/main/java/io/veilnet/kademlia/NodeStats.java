package io.veilnet.kademlia;

import java.util.Map;

/**
 * A snapshot of one node's counters: routing-table size, sessions and handshakes, inbound drops
 * by reason, record rejections by reason, lookups, and stored records.
 */
public record NodeStats(
    int routingTableSize,
    int sessions,
    long handshakesStarted,
    long handshakesCompleted,
    Map<String, Long> drops,
    Map<RecordRejection, Long> recordRejections,
    long lookups,
    int storedValues,
    int storedProviders) {
  public NodeStats {
    drops = Map.copyOf(drops);
    recordRejections = Map.copyOf(recordRejections);
  }
}
