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
 * provide}/{@code findProviders}, and shard bytes through a {@link ShardTransport}. Shards this
 * node is asked to keep for itself go straight into its own store.
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

  /**
   * @param localStore this node's store (its shards are served from here)
   * @param io a scheduler for blocking store calls (bounded elastic)
   */
  public KademliaShardNetwork(KademliaNode node, NodeStore localStore, ShardTransport transport, Scheduler io) {
    this.node = Objects.requireNonNull(node, "node");
    this.localStore = Objects.requireNonNull(localStore, "localStore");
    this.transport = Objects.requireNonNull(transport, "transport");
    this.ioScheduler = Objects.requireNonNull(io, "io");
    this.self = NodeId.of(node.id().toBytes());
  }

  private static io.veilnet.kademlia.NodeId kad(byte[] key) {
    return io.veilnet.kademlia.NodeId.of(key);
  }

  private static NodeId ours(NodeRecord r) {
    return NodeId.of(r.nodeId().toBytes());
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
        .flatMapMany(list -> Flux.fromIterable(list).map(KademliaShardNetwork::ours));
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
