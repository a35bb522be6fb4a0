package io.veilnet.engine.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.veilnet.engine.Mode;
import io.veilnet.engine.NodeConfig;
import io.veilnet.engine.RunningNode;
import io.veilnet.crypto.KeyService;
import io.veilnet.engine.admin.AdminServer;
import io.veilnet.engine.files.DefaultFileService;
import io.veilnet.engine.files.FileService;
import io.veilnet.engine.files.KademliaShardNetwork;
import io.veilnet.engine.files.ProviderAnnouncer;
import io.veilnet.engine.files.ManifestRefresher;
import io.veilnet.engine.files.OwnedManifests;
import io.veilnet.engine.files.RepairReport;
import io.veilnet.engine.files.RepairService;
import io.veilnet.engine.store.InMemoryNodeStore;
import io.veilnet.engine.store.DurableRecordStore;
import io.veilnet.engine.store.NodeBlobStore;
import io.veilnet.engine.store.RoutingSnapshot;
import io.veilnet.engine.store.NodeStore;
import io.veilnet.engine.store.RocksNodeStore;
import io.veilnet.engine.identity.IdentityStore;
import io.veilnet.engine.identity.NodeIdentity;
import io.veilnet.engine.node.PeerInfo;
import io.veilnet.engine.node.PeerSource;
import io.veilnet.engine.node.Route;
import io.veilnet.kademlia.KademliaEvent;
import io.veilnet.kademlia.KademliaNode;
import io.veilnet.kademlia.KademliaResources;
import io.veilnet.kademlia.LookupResult;
import io.veilnet.kademlia.NodeId;
import io.veilnet.kademlia.NodeRecord;
import io.veilnet.mdns.LocalDiscovery;
import io.veilnet.mdns.LocalPeer;
import io.veilnet.mdns.MdnsConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;

/**
 * The node: composes the DHT, mDNS discovery and the admin endpoint according to the mode. Peer
 * bookkeeping is fed by the DHT's and discovery's event streams; routing goes through {@link
 * Router}. Whatever the node started it stops; borrowed event loops and identities stay open.
 */
public final class DefaultRunningNode implements RunningNode {
  private static final Logger log = LoggerFactory.getLogger(DefaultRunningNode.class);

  private record PeerKey(NodeId id, PeerSource source) {}

  private final NodeConfig config;
  private final NodeIdentity identity;
  private final boolean ownsIdentity;
  private final KademliaResources resources;
  private final boolean ownsResources;
  private final Clock clock;
  private final NodeStore nodeStore;
  private final ProviderAnnouncer announcer = new ProviderAnnouncer();
  private final KeyService keyService;
  private volatile DefaultFileService files;
  private volatile RepairService repair;
  private volatile ManifestRefresher refresher;
  /** How often the routing table is saved (it is also saved on close). */
  private static final Duration SNAPSHOT_PERIOD = Duration.ofMinutes(5);
  private final NodeMetrics metrics;
  private final Map<PeerKey, PeerInfo> peers = new ConcurrentHashMap<>();
  private final Map<NodeId, NodeRecord> dhtRecords = new ConcurrentHashMap<>();
  private final Map<NodeId, NodeRecord> mdnsRecords = new ConcurrentHashMap<>();
  private final Disposable.Composite subscriptions = Disposables.composite();
  private final AtomicBoolean disposed = new AtomicBoolean();
  private final Sinks.Empty<Void> closed = Sinks.empty();
  private final Router router;
  private volatile KademliaNode dht;
  private volatile LocalDiscovery mdns;
  private volatile DisposableServer admin;
  private volatile NodeRecord localRecord;
  private volatile LookupResult bootstrapResult;
  private volatile Disposable closing;

  private DefaultRunningNode(NodeConfig config, NodeIdentity identity, boolean ownsIdentity,
      KademliaResources resources, boolean ownsResources, NodeStore nodeStore, KeyService keyService, Clock clock) {
    this.config = config;
    this.identity = identity;
    this.ownsIdentity = ownsIdentity;
    this.resources = resources;
    this.ownsResources = ownsResources;
    this.clock = clock;
    this.keyService = keyService;
    this.nodeStore = nodeStore;
    this.metrics = new NodeMetrics(identity.nodeIdHex(), this::peerCounts, nodeStore);
    this.router = new Router(
        id -> Mono.fromSupplier(() -> Optional.ofNullable(dhtRecords.get(id)).or(() -> Optional.ofNullable(mdnsRecords.get(id)))),
        config.createsDht() ? Optional.of(id -> metrics.timed("find_node", dht.findNode(id))) : Optional.empty());
  }

  /** Loads or creates the identity, then starts the DHT, mDNS and the admin endpoint. Lazy. */
  public static Mono<RunningNode> start(NodeConfig config, KademliaResources shared, NodeIdentity given,
      KeyService keyService, Map<String, String> env) {
    Objects.requireNonNull(config, "config");
    return Mono.defer(() -> {
      Mono<NodeIdentity> id = given != null ? Mono.just(given)
          : Mono.fromCallable(() -> loadOrCreate(config, env)).subscribeOn(Schedulers.boundedElastic());
      return id.flatMap(identity -> Mono.fromCallable(() -> openStore(config))
          .subscribeOn(Schedulers.boundedElastic())
          .doOnError(e -> {
            if (given == null) {
              identity.close();
            }
          })
          .flatMap(store -> {
            KademliaResources res = shared != null ? shared : KademliaResources.create(1);
            DefaultRunningNode node = new DefaultRunningNode(config, identity, given == null, res, shared == null,
                store, keyService, Clock.systemUTC());
            return node.startParts()
                .thenReturn((RunningNode) node)
                .onErrorResume(e -> {
                  node.dispose();
                  return node.onClose().then(Mono.error(e));
                });
          }));
    });
  }

  /** RocksDB under {@code <data dir>/store} when there is a data dir, else memory. Blocking. */
  private static NodeStore openStore(NodeConfig config) {
    return config.dataDir().<NodeStore>map(d -> RocksNodeStore.open(d.resolve("store")))
        .orElseGet(InMemoryNodeStore::new);
  }

  private static NodeIdentity loadOrCreate(NodeConfig config, Map<String, String> env) throws IOException {
    int difficulty = config.puzzleDifficulty();
    if (config.dataDir().isEmpty()) {
      return NodeIdentity.generate(new SecureRandom(), difficulty, 64L << difficulty);
    }
    var dir = config.dataDir().get();
    Optional<NodeIdentity> existing = IdentityStore.read(dir, env);
    if (existing.isPresent()) {
      NodeIdentity id = existing.get();
      if (id.puzzleBits() < difficulty) {
        id.close();
        throw new IllegalStateException("the identity in " + dir + " solves the puzzle at "
            + "fewer bits than the configured difficulty " + difficulty + " (create one with keygen --difficulty)");
      }
      return id;
    }
    NodeIdentity id = NodeIdentity.generate(new SecureRandom(), difficulty, 64L << difficulty);
    IdentityStore.write(dir, id, false);
    log.info("created a new identity in {}", IdentityStore.file(dir));
    return id;
  }

  private Mono<Void> startParts() {
    return startDht().then(Mono.defer(this::startMdns)).then(Mono.defer(this::startAdmin));
  }

  private Mono<Void> startDht() {
    if (!config.createsDht()) {
      localRecord = NodeRecords.sign(identity.dht(), config.bindAddress(), config.port(), 1, clock.millis(),
          config.kademlia().recordTtl());
      return Mono.empty();
    }
    // Records (manifests among them) live in the node store, so they survive a restart and the
    // repair loop can find the files this node is responsible for.
    // The routing table saved by an earlier run (if any) joins the configured bootstrap list, so
    // a restarted node finds its network again without being told where it is.
    List<NodeRecord> saved = new ArrayList<>();
    return Mono.fromCallable(() -> {
          saved.addAll(RoutingSnapshot.load(nodeStore));
          return DurableRecordStore.open(nodeStore, clock.millis());
        })
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(records -> KademliaNode.start(identity.dht(), config.effectiveKademlia(), resources, records,
            new NodeBlobStore(nodeStore, announcer)))
        .flatMap(node -> {
          this.dht = node;
          announcer.bind(node);
          metrics.bindDht(node);
          if (keyService != null) {
            KademliaShardNetwork network = new KademliaShardNetwork(node, nodeStore, null, Schedulers.boundedElastic());
            OwnedManifests owned = new OwnedManifests(nodeStore, Schedulers.boundedElastic());
            files = DefaultFileService.builder()
                .network(network)
                .keyService(keyService)
                .signer(identity.identityKey())
                .ownedManifests(owned)
                .clock(clock)
                .build();
            // The manifests this node put expire after their TTL unless it re-signs and re-puts
            // them; the list is in the node store, so this resumes after a restart.
            refresher = ManifestRefresher.builder()
                .network(network)
                .config(files.config())
                .owned(owned)
                .signer(identity.identityKey())
                .period(config.manifestRefreshPeriod())
                .timer(Schedulers.parallel())
                .clock(clock)
                .build();
            refresher.start();
            // Every node checks the files whose manifests it holds and re-creates lost shards
            // (no file key needed: Reed-Solomon works on ciphertext).
            repair = RepairService.builder()
                .network(network)
                .watched(() -> RepairService.manifestsIn(nodeStore, Schedulers.boundedElastic()))
                .period(config.repairPeriod())
                .timer(Schedulers.parallel())
                .cpuScheduler(Schedulers.parallel())
                .build();
            repair.start();
          }
          subscriptions.add(node.events().subscribe(this::onDhtEvent,
              e -> log.warn("DHT event stream failed: {}", e.toString())));
          subscriptions.add(Flux.interval(SNAPSHOT_PERIOD, SNAPSHOT_PERIOD, Schedulers.parallel())
              .onBackpressureDrop()
              .concatMap(tick -> saveRoutingTable(node), 1)
              .subscribe());
          List<NodeRecord> seeds = new ArrayList<>(config.bootstrap());
          saved.stream().filter(r -> !r.nodeId().equals(node.id()))
              .filter(r -> seeds.stream().noneMatch(x -> x.nodeId().equals(r.nodeId())))
              .forEach(seeds::add);
          if (seeds.isEmpty()) {
            return Mono.<Void>empty();
          }
          return metrics.timed("bootstrap", node.bootstrap(seeds))
              .doOnNext(r -> bootstrapResult = r)
              .doOnNext(r -> log.info("bootstrapped: {} peers in {} rounds", r.closest().size(), r.trace().rounds()))
              .onErrorResume(e -> {
                log.warn("bootstrap failed (the node keeps running and refreshes later): {}", e.toString());
                return Mono.empty();
              })
              .then();
        });
  }

  private void onDhtEvent(KademliaEvent e) {
    if (e instanceof KademliaEvent.PeerAdded a) {
      NodeRecord r = a.peer();
      dhtRecords.put(r.nodeId(), r);
      peers.put(new PeerKey(r.nodeId(), PeerSource.DHT),
          new PeerInfo(r.nodeId(), List.of(r.udpAddress()), PeerSource.DHT, Instant.now(clock)));
    } else if (e instanceof KademliaEvent.PeerRemoved rm) {
      dhtRecords.remove(rm.peer());
      peers.remove(new PeerKey(rm.peer(), PeerSource.DHT));
    } else if (e instanceof KademliaEvent.Readvertised r) {
      LocalDiscovery d = mdns;
      if (d != null) {
        subscriptions.add(d.advertise(r.record().encode()).subscribe(null,
            err -> log.warn("mDNS re-advertisement failed: {}", err.toString())));
      }
    }
  }

  private Mono<Void> startMdns() {
    if (!config.mode().usesMdns()) {
      return Mono.empty();
    }
    MdnsConfig mc = MdnsConfig.builder()
        .bindAddress(config.bindAddress())
        .verifier(NodeRecords.verifier(config.puzzleDifficulty(), clock, config.kademlia().maxClockSkew()))
        .maxPeers(config.maxLocalPeers())
        .build();
    LocalDiscovery d = LocalDiscovery.mdns(mc);
    this.mdns = d;
    metrics.bindMdns(d);
    return d.start()
        .onErrorMap(IOException.class, e -> new IllegalStateException("mDNS cannot start on "
            + config.bindAddress().getHostAddress() + ": " + e.getMessage()
            + " (LOCAL and HYBRID need a multicast-capable interface address; use mode WAN otherwise)", e))
        .then(Mono.defer(() -> d.advertise(record().encode())))
        .doOnSuccess(v -> subscriptions.add(d.peers()
            .flatMap(this::onLocalPeer, 4)
            .subscribe(null, e -> log.warn("mDNS peer stream failed: {}", e.toString()))));
  }

  private Mono<Void> onLocalPeer(LocalPeer p) {
    NodeRecord r;
    try {
      r = NodeRecord.decode(p.record());
    } catch (RuntimeException e) {
      return Mono.empty(); // the verifier decoded it already; cannot happen
    }
    PeerKey key = new PeerKey(r.nodeId(), PeerSource.MDNS);
    if (p.change() == LocalPeer.Change.REMOVED) {
      mdnsRecords.remove(r.nodeId());
      peers.remove(key);
      return Mono.empty();
    }
    mdnsRecords.put(r.nodeId(), r);
    peers.put(key, new PeerInfo(r.nodeId(), List.of(r.udpAddress()), PeerSource.MDNS, Instant.now(clock)));
    KademliaNode node = dht;
    if (node == null || config.mode() != Mode.HYBRID) {
      return Mono.empty();
    }
    // mDNS peers are hints: a lookup through the peer both checks that it answers and, when it
    // does, puts it in the routing table.
    return metrics.timed("hybrid_feed", node.bootstrap(List.of(r)))
        .doOnNext(res -> log.debug("fed mDNS peer {} into the routing table", r.nodeId()))
        .onErrorResume(e -> {
          log.debug("mDNS peer {} did not answer: {}", r.nodeId(), e.toString());
          return Mono.empty();
        })
        .then();
  }

  private Mono<Void> startAdmin() {
    if (config.adminPort() == NodeConfig.ADMIN_DISABLED) {
      return Mono.empty();
    }
    return AdminServer.bind(this, config.adminBindAddress(), config.adminPort())
        .doOnNext(s -> admin = s)
        .then();
  }

  private Map<PeerSource, Long> peerCounts() {
    Map<PeerSource, Long> m = new EnumMap<>(PeerSource.class);
    for (PeerKey k : peers.keySet()) {
      m.merge(k.source(), 1L, Long::sum);
    }
    return m;
  }

  /** Not API: this node's store (shards it holds; the demo and tests use it). */
  public NodeStore nodeStore() {
    return nodeStore;
  }

  /** Snapshot of the routing table into the node store; never errors (a failed save is logged). */
  private Mono<Void> saveRoutingTable(KademliaNode node) {
    return node.routingTable()
        .timeout(Duration.ofSeconds(2))
        .publishOn(Schedulers.boundedElastic())
        .doOnNext(peers -> RoutingSnapshot.save(nodeStore, peers))
        .onErrorResume(e -> {
          log.debug("routing table not saved: {}", e.toString());
          return Mono.empty();
        })
        .then();
  }

  @Override
  public Optional<FileService> files() {
    return Optional.ofNullable(files);
  }

  @Override
  public Flux<RepairReport> repairReports() {
    RepairService r = repair;
    return r == null ? Flux.empty() : r.reports();
  }

  /** Not API: this node's metrics helper. */
  public NodeMetrics nodeMetrics() {
    return metrics;
  }

  @Override
  public NodeId id() {
    return identity.nodeId();
  }

  @Override
  public Mode mode() {
    return config.mode();
  }

  @Override
  public NodeConfig config() {
    return config;
  }

  @Override
  public NodeRecord record() {
    KademliaNode d = dht;
    return d != null ? d.record() : localRecord;
  }

  @Override
  public Optional<KademliaNode> dht() {
    return Optional.ofNullable(dht);
  }

  @Override
  public Optional<LocalDiscovery> localDiscovery() {
    return Optional.ofNullable(mdns);
  }

  @Override
  public Optional<LookupResult> bootstrapResult() {
    return Optional.ofNullable(bootstrapResult);
  }

  @Override
  public Optional<InetSocketAddress> adminAddress() {
    DisposableServer s = admin;
    return s == null ? Optional.empty() : Optional.of((InetSocketAddress) s.address());
  }

  @Override
  public List<PeerInfo> peers() {
    List<PeerInfo> l = new ArrayList<>(peers.values());
    l.sort(Comparator.comparing((PeerInfo p) -> p.id().toHex()).thenComparing(PeerInfo::source));
    return l;
  }

  @Override
  public Mono<Route> route(NodeId destination) {
    return router.route(destination);
  }

  @Override
  public MeterRegistry metrics() {
    return metrics.registry();
  }

  @Override
  public String scrapeMetrics() {
    return metrics.scrape();
  }

  @Override
  public Mono<Void> onClose() {
    return closed.asMono();
  }

  @Override
  public boolean isDisposed() {
    return disposed.get();
  }

  @Override
  public void dispose() {
    if (!disposed.compareAndSet(false, true)) {
      return;
    }
    subscriptions.dispose();
    announcer.dispose();
    RepairService r = repair;
    if (r != null) {
      r.dispose();
    }
    ManifestRefresher mr = refresher;
    if (mr != null) {
      mr.dispose();
    }
    DefaultFileService f = files;
    if (f != null) {
      f.close();
    }
    List<Mono<Void>> stopping = new ArrayList<>();
    DisposableServer s = admin;
    if (s != null) {
      s.dispose();
      stopping.add(s.onDispose());
    }
    LocalDiscovery d = mdns;
    if (d != null) {
      d.close(); // returns at once; the goodbye runs on discovery's own thread
      stopping.add(d.onClose());
    }
    KademliaNode k = dht;
    if (k != null) {
      // Save the routing table for the next start, then stop the DHT.
      stopping.add(saveRoutingTable(k)
          .then(Mono.fromRunnable(k::dispose))
          .then(k.onClose()));
    }
    // Ends by itself once everything has stopped; it is what completes onClose().
    closing = Mono.when(stopping)
        .onErrorResume(e -> {
          log.warn("error while stopping: {}", e.toString());
          return Mono.empty();
        })
        .then(Mono.defer(() -> ownsResources ? resources.disposeLater() : Mono.empty()))
        .doFinally(sig -> {
          if (ownsIdentity) {
            identity.close();
          }
          metrics.close();
          nodeStore.close();
          closed.tryEmitEmpty();
        })
        .subscribe();
  }

  @Override
  public String toString() {
    return "RunningNode[" + identity.nodeIdHex().substring(0, 16) + " " + config.mode() + "]";
  }
}
