package io.veilnet.engine.files;

import io.veilnet.engine.store.NodeStore;
import io.veilnet.engine.store.ProviderEntry;
import io.veilnet.kademlia.ValueRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A simulated DHT of nodes in one JVM, for tests, simulations and benchmarks: each node has its own
 * {@link NodeStore}; records and provider records live on the {@code replicas} closest live nodes
 * to their key, shards on the node they are sent to. Failure injection: {@link #kill} (the node
 * stops answering but stays in routing answers, as in a real DHT until it is evicted), {@link
 * #tamper} (the node serves altered shard bytes) and direct access to each store (drop shards).
 *
 * <p>Thread-safe. Store calls run on the given scheduler (blocking stores need a bounded-elastic
 * one; in-memory stores may use {@link Schedulers#immediate()}, which keeps tests on virtual time
 * deterministic).
 */
public final class InMemoryNetwork {
  /** Provider records live 48 h (design §2). */
  public static final Duration PROVIDER_TTL = Duration.ofHours(48);

  private final Map<NodeId, Sim> nodes = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Scheduler io;
  private final int replicas;
  private final AtomicLong shardFetches = new AtomicLong();
  private final AtomicLong shardStores = new AtomicLong();

  private static final class Sim {
    final NodeId id;
    final AtomicReference<NodeStore> store;
    volatile boolean alive = true;
    volatile boolean tamper;

    Sim(NodeId id, NodeStore store) {
      this.id = id;
      this.store = new AtomicReference<>(store);
    }
  }

  private InMemoryNetwork(Clock clock, Scheduler io, int replicas) {
    this.clock = clock;
    this.io = io;
    this.replicas = replicas;
  }

  /**
   * @param replicas how many of the closest live nodes hold each record and provider record
   */
  public static InMemoryNetwork create(Clock clock, Scheduler io, int replicas) {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(io, "io");
    if (replicas < 1 || replicas > 20) {
      throw new IllegalArgumentException("replicas must be 1..20, got " + replicas);
    }
    return new InMemoryNetwork(clock, io, replicas);
  }

  public void addNode(NodeId id, NodeStore store) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(store, "store");
    if (nodes.putIfAbsent(id, new Sim(id, store)) != null) {
      throw new IllegalArgumentException("node " + id + " already exists");
    }
  }

  /** Replaces a node's store (a restart on the same or another data dir). */
  public void replaceStore(NodeId id, NodeStore store) {
    sim(id).store.set(Objects.requireNonNull(store, "store"));
  }

  public NodeStore store(NodeId id) {
    return sim(id).store.get();
  }

  public List<NodeId> nodes() {
    return List.copyOf(nodes.keySet());
  }

  public void kill(NodeId id) {
    sim(id).alive = false;
  }

  public void revive(NodeId id) {
    sim(id).alive = true;
  }

  public boolean isAlive(NodeId id) {
    return sim(id).alive;
  }

  /** Makes {@code id} serve every shard with one bit flipped (or stop doing so). */
  public void tamper(NodeId id, boolean tamper) {
    sim(id).tamper = tamper;
  }

  /** The live nodes that hold shard {@code id} in their store. */
  public List<NodeId> holders(ContentId id) {
    List<NodeId> out = new ArrayList<>();
    byte[] b = id.bytes();
    for (Sim s : nodes.values()) {
      if (s.alive && s.store.get().hasShard(b)) {
        out.add(s.id);
      }
    }
    return out;
  }

  /** Shard fetches answered with bytes so far (to check that gets fetch only k per segment). */
  public long shardFetches() {
    return shardFetches.get();
  }

  public long shardStores() {
    return shardStores.get();
  }

  /** This network as seen from node {@code self}. */
  public ShardNetwork view(NodeId self) {
    sim(self);
    return new View(self);
  }

  private Sim sim(NodeId id) {
    Sim s = nodes.get(Objects.requireNonNull(id, "id"));
    if (s == null) {
      throw new IllegalArgumentException("unknown node " + id);
    }
    return s;
  }

  private List<Sim> closest(byte[] key, int count, boolean liveOnly) {
    Comparator<Sim> byDistance = (a, b) -> a.id.compareDistance(key, b.id);
    return nodes.values().stream()
        .filter(s -> !liveOnly || s.alive)
        .sorted(byDistance)
        .limit(count)
        .toList();
  }

  private <T> Mono<T> on(Sim node, java.util.concurrent.Callable<T> op) {
    return Mono.fromCallable(() -> {
      if (!node.alive) {
        throw new NodeUnavailableException(node.id);
      }
      return op.call();
    }).subscribeOn(io);
  }

  private final class View implements ShardNetwork {
    private final NodeId self;

    View(NodeId self) {
      this.self = self;
    }

    @Override
    public NodeId self() {
      return self;
    }

    @Override
    public Mono<List<NodeId>> closestNodes(byte[] key, int count) {
      return Mono.fromSupplier(() -> closest(key, count, false).stream().map(s -> s.id).toList());
    }

    @Override
    public Mono<Void> storeShard(NodeId node, ContentId id, byte[] shard) {
      Sim s = sim(node);
      return on(s, () -> {
        s.store.get().putShard(id.bytes(), shard);
        shardStores.incrementAndGet();
        return true;
      }).then();
    }

    @Override
    public Mono<byte[]> fetchShard(NodeId node, ContentId id) {
      Sim s = sim(node);
      return on(s, () -> s.store.get().getShard(id.bytes()))
          .flatMap(Mono::justOrEmpty)
          .map(bytes -> {
            shardFetches.incrementAndGet();
            if (s.tamper && bytes.length > 0) {
              bytes[bytes.length / 2] ^= 1;
            }
            return bytes;
          });
    }

    @Override
    public Mono<Boolean> hasShard(NodeId node, ContentId id) {
      Sim s = sim(node);
      return on(s, () -> s.store.get().hasShard(id.bytes()));
    }

    @Override
    public Mono<Void> provide(ContentId id, NodeId holder) {
      ProviderEntry entry = new ProviderEntry(id.bytes(), holder.bytes(), clock.millis() + PROVIDER_TTL.toMillis());
      return Flux.fromIterable(closest(id.bytes(), replicas, true))
          .flatMap(s -> on(s, () -> {
            s.store.get().addProvider(entry);
            return true;
          }).onErrorResume(NodeUnavailableException.class, e -> Mono.empty()))
          .then();
    }

    @Override
    public Flux<NodeId> findProviders(ContentId id) {
      long now = clock.millis();
      return Flux.fromIterable(closest(id.bytes(), replicas, true))
          .concatMap(s -> on(s, () -> s.store.get().providers(id.bytes(), now))
              .onErrorResume(NodeUnavailableException.class, e -> Mono.just(List.of())))
          .collect(LinkedHashSet<NodeId>::new, (set, list) -> list.forEach(p -> set.add(NodeId.of(p.providerId()))))
          .flatMapMany(Flux::fromIterable);
    }

    @Override
    public Mono<Void> putRecord(ValueRecord record) {
      if (!Records.verify(record)) {
        return Mono.error(new IllegalArgumentException("record signature does not verify"));
      }
      byte[] encoded = record.encode();
      byte[] key = record.key().toBytes();
      return Flux.fromIterable(closest(key, replicas, true))
          .flatMap(s -> on(s, () -> {
            NodeStore st = s.store.get();
            Optional<ValueRecord> old = st.getRecord(key).map(ValueRecord::decode);
            if (old.isPresent() && old.get().seq() > record.seq()) {
              return false; // storers keep the newest record (the key binds the owner)
            }
            st.putRecord(key, encoded);
            return true;
          }).onErrorResume(NodeUnavailableException.class, e -> Mono.just(false)))
          .filter(Boolean::booleanValue)
          .count()
          .flatMap(c -> c == 0
              ? Mono.error(new NodeUnavailableException("no live node accepted the record"))
              : Mono.empty());
    }

    @Override
    public Mono<ValueRecord> getRecord(byte[] key) {
      long now = clock.millis();
      return Flux.fromIterable(closest(key, replicas, true))
          .flatMap(s -> on(s, () -> s.store.get().getRecord(key))
              .onErrorResume(NodeUnavailableException.class, e -> Mono.just(Optional.empty())))
          .flatMap(Mono::justOrEmpty)
          .flatMap(bytes -> {
            try {
              ValueRecord r = ValueRecord.decode(bytes);
              boolean ok = Records.verify(r) && now < r.expiresAtMillis() && Arrays.equals(r.key().toBytes(), key);
              return ok ? Mono.just(r) : Mono.empty();
            } catch (RuntimeException e) { // DecodeException or a malformed field
              return Mono.empty();
            }
          })
          .reduce((a, b) -> a.seq() >= b.seq() ? a : b);
    }

    @Override
    public String toString() {
      return "InMemoryNetwork.View[" + self + "]";
    }
  }

  /** Ids of nodes in insertion-independent order (sorted), for tests. */
  public Set<NodeId> nodeSet() {
    return Set.copyOf(nodes.keySet());
  }
}
