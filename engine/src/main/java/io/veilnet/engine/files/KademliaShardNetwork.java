package io.veilnet.engine.files;

import io.veilnet.engine.store.NodeStore;
import io.veilnet.kademlia.KademliaNode;
import io.veilnet.kademlia.NodeRecord;
import io.veilnet.kademlia.ValueRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * {@link ShardNetwork} over a running {@link KademliaNode}: closest nodes by an iterative {@code
 * findNode}, manifests as the DHT's value records, provider records through {@code
 * provide}/{@code findProviders}, and shard bytes over the node's encrypted TCP blob channel (or
 * another {@link ShardTransport}). Shards this node is asked to keep for itself go straight into
 * its own store. For the receiving side, start the node with a {@link
 * io.veilnet.engine.store.NodeBlobStore} over its node store and a {@link ProviderAnnouncer}.
 *
 * <p>Provider records in Kademlia are announced by the holder itself, so {@link #provide} only
 * acts when the holder is this node; a remote holder announces when its transport server stores
 * the shard.
 */
public final class KademliaShardNetwork implements ShardNetwork {
  private final KademliaNode node;
  private final NodeStore localStore;
  private final ShardTransport transport;
  private final Scheduler ioScheduler;
  private final NodeId self;

  /** Contact records seen in lookups, for addressing blob transfers by node id (bounded). */
  private final java.util.Map<NodeId, NodeRecord> contacts = new java.util.concurrent.ConcurrentHashMap<>();
  private static final int MAX_CONTACTS = 10_000;

  /**
   * @param localStore this node's store (its shards are served from here)
   * @param transport how shard bytes move; null for the node's own encrypted TCP blob channel
   * @param io a scheduler for blocking store calls (bounded elastic)
   */
  public KademliaShardNetwork(KademliaNode node, NodeStore localStore, ShardTransport transport, Scheduler io) {
    this.node = Objects.requireNonNull(node, "node");
    this.localStore = Objects.requireNonNull(localStore, "localStore");
    this.transport = transport != null ? transport : new BlobChannelTransport();
    this.ioScheduler = Objects.requireNonNull(io, "io");
    this.self = NodeId.of(node.id().toBytes());
  }

  private static io.veilnet.kademlia.NodeId kad(byte[] key) {
    return io.veilnet.kademlia.NodeId.of(key);
  }

  private NodeId ours(NodeRecord r) {
    NodeId id = NodeId.of(r.nodeId().toBytes());
    if (contacts.size() >= MAX_CONTACTS) {
      contacts.clear();
    }
    contacts.put(id, r);
    return id;
  }

  /** The contact record of {@code id}: from earlier lookups, else by looking the node up. */
  private Mono<NodeRecord> contact(NodeId id) {
    NodeRecord known = contacts.get(id);
    if (known != null) {
      return Mono.just(known);
    }
    return node.findNode(kad(id.bytes()))
        .flatMap(r -> Mono.justOrEmpty(r.closest().stream().filter(c -> ours(c).equals(id)).findFirst()))
        .switchIfEmpty(Mono.error(() -> new NodeUnavailableException(id)));
  }

  /** Shards over the Kademlia node's encrypted, resumable TCP blob channel. */
  private final class BlobChannelTransport implements ShardTransport {
    @Override
    public Mono<Void> store(NodeId target, ContentId id, byte[] shard) {
      return contact(target).flatMap(r -> node.storeBlob(r, shard)).then();
    }

    @Override
    public Mono<byte[]> fetch(NodeId target, ContentId id) {
      return contact(target).flatMap(r -> node.fetchBlob(r, kad(id.bytes())));
    }

    @Override
    public Mono<Boolean> has(NodeId target, ContentId id) {
      return fetch(target, id).map(b -> true).defaultIfEmpty(false);
    }
  }

  @Override
  public NodeId self() {
    return self;
  }

  /**
   * The lookup's answer merged with this node's routing table (a lookup under load may return few
   * or no nodes when RPCs time out; the table still knows live peers), plus this node itself, which
   * a lookup never returns.
   */
  @Override
  public Mono<List<NodeId>> closestNodes(byte[] key, int count) {
    Mono<List<NodeRecord>> lookup = node.findNode(kad(key))
        .map(r -> r.closest())
        .onErrorResume(e -> Mono.just(List.of()));
    return Mono.zip(lookup, node.routingTable()).map(t -> {
      java.util.Set<NodeId> ids = new java.util.LinkedHashSet<>();
      ids.add(self);
      t.getT1().forEach(r -> ids.add(ours(r)));
      t.getT2().forEach(r -> ids.add(ours(r)));
      List<NodeId> sorted = new ArrayList<>(ids);
      sorted.sort(Comparator.comparing(id -> id, (a, b) -> a.compareDistance(key, b)));
      return sorted.subList(0, Math.min(count, sorted.size()));
    });
  }

  @Override
  public Mono<Void> storeShard(NodeId target, ContentId id, byte[] shard) {
    if (target.equals(self)) {
      return Mono.fromRunnable(() -> localStore.putShard(id.bytes(), shard)).subscribeOn(ioScheduler).then();
    }
    return transport.store(target, id, shard);
  }

  @Override
  public Mono<byte[]> fetchShard(NodeId target, ContentId id) {
    if (target.equals(self)) {
      return Mono.fromCallable(() -> localStore.getShard(id.bytes())).subscribeOn(ioScheduler).flatMap(Mono::justOrEmpty);
    }
    return transport.fetch(target, id);
  }

  @Override
  public Mono<Boolean> hasShard(NodeId target, ContentId id) {
    if (target.equals(self)) {
      return Mono.fromCallable(() -> localStore.hasShard(id.bytes())).subscribeOn(ioScheduler);
    }
    return transport.has(target, id);
  }

  @Override
  public Mono<Void> provide(ContentId id, NodeId holder) {
    if (!holder.equals(self)) {
      return Mono.empty(); // the remote holder announced itself when it stored the shard
    }
    return node.provide(kad(id.bytes())).then();
  }

  @Override
  public Flux<NodeId> findProviders(ContentId id) {
    return node.findProviders(kad(id.bytes()), 20)
        .flatMapMany(list -> Flux.fromIterable(list).map(this::ours));
  }

  @Override
  public Mono<Void> putRecord(ValueRecord record) {
    return node.put(record).flatMap(r -> r.acks() > 0
        ? Mono.<Void>empty()
        : Mono.error(new NodeUnavailableException("no node acknowledged the record " + record.key())));
  }

  @Override
  public Mono<ValueRecord> getRecord(byte[] key) {
    return node.get(kad(key)).filter(r -> Records.verify(r) && Arrays.equals(r.key().toBytes(), key));
  }

  @Override
  public String toString() {
    return "KademliaShardNetwork[" + self + "]";
  }
}
