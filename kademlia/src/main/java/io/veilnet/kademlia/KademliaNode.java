package io.veilnet.kademlia;

import io.veilnet.kademlia.internal.DefaultKademliaNode;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A running Kademlia node: UDP RPCs under Noise sessions, routing, lookups, value and provider
 * records, with a reactive API. Every method is lazy (nothing happens until subscription) and
 * safe to call from any thread; the node's state lives on one event loop of the shared
 * {@link KademliaResources}. Dispose it (or {@link #close()}) to unbind; the resources stay up.
 */
public interface KademliaNode extends Disposable, AutoCloseable {

  /** Binds a node on {@code config.bindAddress()} and starts its timers. */
  static Mono<KademliaNode> start(NodeIdentity identity, KademliaConfig config,
      KademliaResources resources) {
    return start(identity, config, resources, new InMemoryRecordStore(), new InMemoryBlobStore());
  }

  /** As {@link #start(NodeIdentity, KademliaConfig, KademliaResources)} with given stores. */
  static Mono<KademliaNode> start(NodeIdentity identity, KademliaConfig config,
      KademliaResources resources, RecordStore store, BlobStore blobs) {
    return DefaultKademliaNode.start(identity, config, resources, store, blobs);
  }

  /** Blocking convenience: {@link #start} and wait up to {@code timeout}. Not on an event loop. */
  static KademliaNode startNow(NodeIdentity identity, KademliaConfig config,
      KademliaResources resources, Duration timeout) {
    KademliaNode node = start(identity, config, resources).block(timeout);
    if (node == null) {
      throw new IllegalStateException("node did not start");
    }
    return node;
  }

  NodeId id();

  /** The node's current signed record (changes on re-advertisement). */
  NodeRecord record();

  InetSocketAddress udpAddress();

  /** Joins through {@code seeds} (self-lookup); falls back to the configured bootstrap list. */
  Mono<LookupResult> bootstrap(List<NodeRecord> seeds);

  Mono<LookupResult> findNode(NodeId target);

  /** A lookup over {@code disjointPaths} (1..8) disjoint paths, for security-sensitive targets. */
  Mono<LookupResult> findNode(NodeId target, int disjointPaths);

  /** Signs {@code value} under {@code name} with this node's identity and stores it. */
  Mono<StoreResult> put(byte[] name, byte[] value, Duration ttl);

  /** Stores an already signed record (e.g. one signed by another owner). */
  Mono<StoreResult> put(ValueRecord record);

  /** The valid record under {@code key} with the highest seq found, or empty. */
  Mono<ValueRecord> get(NodeId key);

  /** Announces this node as a provider of {@code key} (republished until {@link #unprovide}). */
  Mono<StoreResult> provide(NodeId key);

  Mono<Void> unprovide(NodeId key);

  /** Up to {@code wanted} providers of {@code key}. */
  Mono<List<NodeRecord>> findProviders(NodeId key, int wanted);

  /** Round-trip time to {@code peer}; errors with {@link java.util.concurrent.TimeoutException}. */
  Mono<Duration> ping(NodeRecord peer);

  /**
   * Stores a content-addressed blob (id = SHA-256 of the bytes) on {@code target} over the
   * encrypted TCP channel; resumes after dropped connections; completes with the id once the
   * target has verified and stored it.
   */
  Mono<NodeId> storeBlob(NodeRecord target, byte[] blob);

  /** Fetches blob {@code id} from {@code target}, verified against the id, resuming after drops. */
  Mono<byte[]> fetchBlob(NodeRecord target, NodeId id);

  /** The routing table's peers (snapshot). */
  Mono<List<NodeRecord>> routingTable();

  /** Hot stream of node events; never errors, completes on close. */
  Flux<KademliaEvent> events();

  NodeStats stats();

  /** Completes when the node has closed. */
  Mono<Void> onClose();

  @Override
  default void close() {
    dispose();
    onClose().block(Duration.ofSeconds(10));
  }
}
