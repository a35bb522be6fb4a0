package io.veilnet.kademlia;

import java.util.List;
import java.util.Optional;

/**
 * Where a node keeps the value and provider records it stores for the network. Called from the
 * node's protocol thread, so implementations must not block for long (an in-memory index in front
 * of a durable store is fine). {@link InMemoryRecordStore} is the default.
 */
public interface RecordStore {
  /** Outcome of {@link #putValue}. */
  enum PutOutcome {
    STORED,
    /** A record with the same or a higher {@code seq} is already stored. */
    OUTDATED,
    FULL
  }

  /** The stored value under {@code key}, if any and not expired at {@code nowMillis}. */
  Optional<ValueRecord> value(NodeId key, long nowMillis);

  /** Stores a verified record if it is newer than the stored one. */
  PutOutcome putValue(ValueRecord record);

  /** Records that {@code provider} serves {@code key} until {@code expiresAtMillis}. */
  boolean addProvider(NodeId key, NodeRecord provider, long expiresAtMillis);

  /** Up to {@code limit} unexpired providers of {@code key}, most recently announced first. */
  List<NodeRecord> providers(NodeId key, long nowMillis, int limit);

  /** Drops everything expired at {@code nowMillis}; returns how many records went. */
  int expire(long nowMillis);

  /** Number of value records held. */
  int valueCount();

  /** Number of (key, provider) pairs held. */
  int providerCount();
}
