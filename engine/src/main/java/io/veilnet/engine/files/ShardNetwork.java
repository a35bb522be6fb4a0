package io.veilnet.engine.files;

import io.veilnet.kademlia.ValueRecord;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The narrow view of the DHT that the file service needs, from one node's point of view. The
 * in-memory implementation ({@link InMemoryNetwork}) serves tests and simulations; an adapter over
 * the Kademlia node implements the same interface (shards over the TCP channel, records and
 * provider records over the RPCs).
 *
 * <p>Every method is lazy (nothing happens until subscription) and must not block the subscriber.
 * A node that cannot be reached fails the returned publisher with {@link NodeUnavailableException};
 * the file service then moves on to the next candidate.
 */
public interface ShardNetwork {

  /** This node's id. */
  NodeId self();

  /**
   * Up to {@code count} known nodes closest to {@code key} by XOR distance, nearest first. The list
   * may include nodes that turn out to be unreachable.
   */
  Mono<List<NodeId>> closestNodes(byte[] key, int count);

  /** Sends a shard to {@code node}, which stores it durably before the returned Mono completes. */
  Mono<Void> storeShard(NodeId node, ContentId id, byte[] shard);

  /** Fetches a shard from {@code node}; empty if the node does not hold it. Bytes are unverified. */
  Mono<byte[]> fetchShard(NodeId node, ContentId id);

  /** Whether {@code node} holds the shard (a cheap probe used by repair and diagnostics). */
  Mono<Boolean> hasShard(NodeId node, ContentId id);

  /** Announces that {@code holder} provides {@code id} (a provider record in the DHT). */
  Mono<Void> provide(ContentId id, NodeId holder);

  /** The nodes announced as providers of {@code id} (unexpired records), nearest sources first. */
  Flux<NodeId> findProviders(ContentId id);

  /** Stores a signed value record under its key on the nodes closest to that key. */
  Mono<Void> putRecord(ValueRecord record);

  /** The valid (signed, unexpired) record with the highest seq under {@code key}; empty if none. */
  Mono<ValueRecord> getRecord(byte[] key);
}
