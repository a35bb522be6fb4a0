package io.veilnet.kademlia;

import java.util.Optional;

/**
 * Content-addressed blob (shard) storage behind the TCP blob channel: the id of a blob is
 * {@code SHA-256(bytes)}, checked before anything is stored. Called from event loops, so
 * implementations must be quick (in-memory here; the durable store comes with the node).
 */
public interface BlobStore {
  Optional<byte[]> get(NodeId id);

  boolean has(NodeId id);

  /** Stores a verified blob. */
  void put(NodeId id, byte[] blob);
}
