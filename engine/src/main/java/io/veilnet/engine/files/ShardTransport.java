package io.veilnet.engine.files;

import reactor.core.publisher.Mono;

/**
 * Moves shard bytes between nodes (design §3: the TCP channel). The Kademlia module's blob
 * channel will implement it; until then tests use a loopback fixture. The receiving side must
 * check that the bytes hash to the id, store them durably, announce itself as a provider, and only
 * then acknowledge a store.
 */
public interface ShardTransport {

  Mono<Void> store(NodeId target, ContentId id, byte[] shard);

  /** The shard's bytes as the target serves them (unverified), or empty if it does not hold it. */
  Mono<byte[]> fetch(NodeId target, ContentId id);

  Mono<Boolean> has(NodeId target, ContentId id);
}
