package io.veilnet.kademlia.internal;

import io.veilnet.kademlia.KademliaConfig;
import io.veilnet.kademlia.KademliaEvent;
import io.veilnet.kademlia.LookupResult;
import io.veilnet.kademlia.NodeId;
import io.veilnet.kademlia.NodeRecord;
import io.veilnet.kademlia.RecordRejection;
import io.veilnet.kademlia.RecordStore;
import io.veilnet.kademlia.ValueRecord;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The Kademlia protocol of one node as plain Java over an {@link RpcTransport} and a
 * {@link Clock}: routing-table upkeep, inbound RPC handling, iterative lookups, value and provider
 * records with their timers. Everything here runs on the clock's single thread; public entry
 * points from other threads must hop there first ({@link Clock#execute}).
 */
public final class KademliaProtocol implements RpcTransport.InboundHandler, Lookup.Host {
  /**
   * How long a peer whose request failed (hard timeout, or a lookup gave up on it) stays suspect:
   * lookups of this node ask it only when they run short of other candidates. Hearing from the
   * peer (an answer, even a late one, or a request) clears it at once.
   */
  static final long FAILED_PEER_MEMORY_MILLIS = 60_000;

  /** Result of a lookup-based operation. */
  public record Outcome<T>(T value, LookupResult lookup) {}

  private final KademliaConfig config;
  private final Clock clock;
  private final RpcTransport transport;
  private final RoutingTable table;
  private final RecordValidator validator;
  private final RecordStore store;
  private final Signer signer;
  private final byte[] staticKey;
  private final InetAddress host;
  private final int udpPort;
  private final int tcpPort;
  private final Consumer<KademliaEvent> events;
  private final RttEstimator rtt;
  private final SplittableRandom random;
  private final VerifiedRecords verified;
  private final Map<NodeId, ValueRecord> ownValues = new HashMap<>();
  private final Map<NodeId, Boolean> ownProviders = new LinkedHashMap<>();
  private final List<Clock.Cancellable> timers = new ArrayList<>();
  private final FailedPeers failedPeers = new FailedPeers(FAILED_PEER_MEMORY_MILLIS);
  private NodeRecord self;
  private boolean closed;
  private long lookups;
  private long rejectedValues;
  private java.util.function.BiFunction<NodeId, Integer, List<NodeRecord>> referralOverride;

  public KademliaProtocol(KademliaConfig config, Clock clock, RpcTransport transport,
      RecordValidator validator, RecordStore store, Signer signer, byte[] staticKey,
      InetAddress host, int udpPort, int tcpPort, Consumer<KademliaEvent> events, long seed,
      VerifiedRecords verified) {
    this.verified = Objects.requireNonNull(verified, "verified");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.transport = Objects.requireNonNull(transport, "transport");
    this.validator = Objects.requireNonNull(validator, "validator");
    this.store = Objects.requireNonNull(store, "store");
    this.signer = Objects.requireNonNull(signer, "signer");
    this.staticKey = staticKey.clone();
    this.host = Objects.requireNonNull(host, "host");
    this.udpPort = udpPort;
    this.tcpPort = tcpPort;
    this.events = Objects.requireNonNull(events, "events");
    this.random = new SplittableRandom(seed);
    NodeId selfId = NodeId.ofIdentityKey(signer.publicKey());
    this.table = new RoutingTable(selfId, config.k(), config.maxPerSubnetPerBucket(),
        config.maxPerSubnetTable(), config.exemptLoopback(), config.maxFailures(), clock.nowMillis());
    this.rtt = new RttEstimator(config.rpcTimeout().toMillis(), config.minRpcTimeout().toMillis(),
        config.maxRpcTimeout().toMillis());
    this.self = signRecord(0);
    transport.setInboundHandler(this);
    transport.setLocalRecord(self);
  }

  /** Builds and signs this node's record with a fresh {@code seq} and {@code advertisedAt}. */
  private NodeRecord signRecord(long previousSeq) {
    long now = clock.nowMillis();
    long seq = Math.max(previousSeq + 1, now);
    NodeRecord unsigned = new NodeRecord(signer.publicKey(), staticKey, host, udpPort, tcpPort, seq,
        now, config.recordTtl().toSeconds(), new byte[NodeRecord.SIGNATURE_LENGTH]);
    return unsigned.withSignature(signer.sign(unsigned.signedBytes()));
  }

  /** Starts the periodic timers. */
  public void start() {
    every(config.bucketRefreshInterval().toMillis(), this::refreshBuckets);
    every(config.bootstrapRefreshInterval().toMillis(), this::bootstrapRefresh);
    every(config.readvertiseInterval().toMillis(), this::readvertise);
    every(config.expirySweepInterval().toMillis(), this::expire);
    every(config.providerRepublishInterval().toMillis(), this::republishProviders);
    every(config.valueRepublishInterval().toMillis(), this::republishValues);
  }

  private void every(long periodMillis, Runnable task) {
    Runnable[] tick = new Runnable[1];
    int slot = timers.size();
    timers.add(null);
    tick[0] = () -> {
      if (closed) {
        return;
      }
      timers.set(slot, clock.schedule(tick[0], periodMillis));
      task.run();
    };
    timers.set(slot, clock.schedule(tick[0], periodMillis));
  }

  /** Cancels timers; later inbound requests still get answers until the transport closes. */
  public void close() {
    closed = true;
    for (Clock.Cancellable c : timers) {
      if (c != null) {
        c.cancel();
      }
    }
    timers.clear();
  }

  public NodeRecord localRecord() {
    return self;
  }

  public NodeId localId() {
    return table.self();
  }

  public RoutingTable routingTable() {
    return table;
  }

  public RecordValidator validator() {
    return validator;
  }

  public RecordStore store() {
    return store;
  }

  public long lookupCount() {
    return lookups;
  }

  public long rejectedValues() {
    return rejectedValues;
  }

  // ---------------------------------------------------------------- Lookup.Host

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public NodeId self() {
    return table.self();
  }

  @Override
  public long nextRequestId() {
    return random.nextLong();
  }

  @Override
  public void send(NodeRecord peer, Message.Request request, RpcTransport.ResponseHandler handler) {
    send(peer, request, hardTimeoutMillis(rtt.timeoutMillis(peer.nodeId())), handler);
  }

  @Override
  public long softTimeoutMillis(NodeRecord peer) {
    return rtt.lookupTimeoutMillis(peer.nodeId());
  }

  @Override
  public long hardTimeoutMillis(long softMillis) {
    return Math.max(config.rpcTimeout().toMillis(), 3 * softMillis);
  }

  @Override
  public void send(NodeRecord peer, Message.Request request, long timeoutMillis,
      RpcTransport.ResponseHandler handler) {
    NodeId id = peer.nodeId();
    long t0 = clock.nowMillis();
    transport.request(peer, request, timeoutMillis, new RpcTransport.ResponseHandler() {
      @Override
      public void onResponse(Message.Response response) {
        rtt.sample(id, clock.nowMillis() - t0);
        onContact(peer);
        handler.onResponse(response);
      }

      @Override
      public void onFailure(RpcTransport.Failure failure) {
        rtt.penalize(id);
        failedPeers.failed(id, clock.nowMillis());
        if (table.markFailed(id, clock.nowMillis())) {
          events.accept(new KademliaEvent.PeerRemoved(id));
        }
        handler.onFailure(failure);
      }
    });
  }

  @Override
  public List<NodeRecord> accept(List<NodeRecord> records) {
    if (records.isEmpty()) {
      return records;
    }
    List<NodeRecord> out = new ArrayList<>(records.size());
    long now = clock.nowMillis();
    for (NodeRecord r : records) {
      if (acceptRecord(r, now)) {
        out.add(r);
      }
    }
    return out;
  }

  /** Verifies a record once; identical copies later cost an equality check. */
  @Override
  public boolean acceptRecord(NodeRecord r, long now) {
    if (verified.contains(r)) {
      return r.expiresAtMillis() > now && r.advertisedAtMillis() <= now + config.maxClockSkew().toMillis();
    }
    RecordRejection why = validator.check(r, now);
    if (why != null) {
      events.accept(new KademliaEvent.RecordRejected(why));
      return false;
    }
    verified.add(r);
    return true;
  }

  @Override
  public boolean acceptValue(NodeId key, ValueRecord value) {
    long now = clock.nowMillis();
    RecordRejection why = null;
    if (!value.key().equals(key)) {
      why = RecordRejection.MISMATCH;
    } else if (value.expiresAtMillis() <= now) {
      why = RecordRejection.STALE;
    } else if (value.expiresAtMillis() > now + NodeRecord.MAX_TTL_SECONDS * 1000L) {
      why = RecordRejection.FUTURE_DATED;
    } else if (!validator.signatureVerifier().verify(value.owner(), value.signedBytes(),
        value.signature())) {
      why = RecordRejection.BAD_SIGNATURE;
    }
    if (why != null) {
      rejectedValues++;
      validator.count(why);
      events.accept(new KademliaEvent.RecordRejected(why));
      return false;
    }
    return true;
  }

  @Override
  public void gaveUp(NodeRecord peer) {
    failedPeers.failed(peer.nodeId(), clock.nowMillis());
  }

  @Override
  public boolean recentlyFailed(NodeId peer) {
    return failedPeers.isSuspect(peer, clock.nowMillis());
  }

  /** A verified peer was heard from: offer it to the routing table, checking the oldest if full. */
  public void onContact(NodeRecord peer) {
    long now = clock.nowMillis();
    failedPeers.heard(peer.nodeId());
    RoutingTable.Outcome o = table.offer(peer, now);
    if (o == RoutingTable.Outcome.ADDED) {
      events.accept(new KademliaEvent.PeerAdded(peer));
    } else if (o == RoutingTable.Outcome.PING_OLDEST) {
      NodeRecord oldest = table.pendingPing();
      transport.request(oldest, new Message.Ping(nextRequestId(), null),
          hardTimeoutMillis(rtt.timeoutMillis(oldest.nodeId())), new RpcTransport.ResponseHandler() {
            @Override
            public void onResponse(Message.Response response) {
              failedPeers.heard(oldest.nodeId());
              table.markAlive(oldest.nodeId(), clock.nowMillis());
            }

            @Override
            public void onFailure(RpcTransport.Failure failure) {
              failedPeers.failed(oldest.nodeId(), clock.nowMillis());
              if (table.markFailed(oldest.nodeId(), clock.nowMillis())) {
                events.accept(new KademliaEvent.PeerRemoved(oldest.nodeId()));
              }
            }
          });
    }
  }

  // ---------------------------------------------------------------- inbound

  @Override
  public Message.Response handle(NodeRecord from, Message.Request request) {
    onContact(from);
    long now = clock.nowMillis();
    long id = request.requestId();
    int k = config.k();
    if (request instanceof Message.Ping p) {
      NodeRecord r = p.senderRecord();
      if (r != null && r.nodeId().equals(from.nodeId()) && r.seq() > from.seq()
          && acceptRecord(r, now)) {
        onContact(r);
      }
      return new Message.Pong(id, self.seq());
    } else if (request instanceof Message.FindNode f) {
      return new Message.Nodes(id, referrals(f.target(), k));
    } else if (request instanceof Message.FindValue f) {
      var v = store.value(f.key(), now);
      if (v.isPresent()) {
        return new Message.Value(id, v.get(), List.of());
      }
      return new Message.Value(id, null, referrals(f.key(), k));
    } else if (request instanceof Message.Store s) {
      if (!acceptValue(s.value().key(), s.value())) {
        return new Message.Ack(id, Message.Status.REJECTED);
      }
      return new Message.Ack(id, switch (store.putValue(s.value())) {
        case STORED -> Message.Status.OK;
        case OUTDATED -> Message.Status.OUTDATED;
        case FULL -> Message.Status.FULL;
      });
    } else if (request instanceof Message.AddProvider a) {
      NodeRecord p = a.provider();
      if (!p.nodeId().equals(from.nodeId())) {
        validator.count(RecordRejection.MISMATCH);
        events.accept(new KademliaEvent.RecordRejected(RecordRejection.MISMATCH));
        return new Message.Ack(id, Message.Status.REJECTED);
      }
      if (!acceptRecord(p, now)) {
        return new Message.Ack(id, Message.Status.REJECTED);
      }
      boolean ok = store.addProvider(a.key(), p, now + config.providerTtl().toMillis());
      return new Message.Ack(id, ok ? Message.Status.OK : Message.Status.FULL);
    } else if (request instanceof Message.GetProviders g) {
      return new Message.Providers(id, store.providers(g.key(), now, k),
          referrals(g.key(), k));
    }
    throw new IllegalStateException("unhandled request " + request);
  }

  private List<NodeRecord> referrals(NodeId target, int k) {
    return referralOverride == null ? table.closestResponsive(target, referralCount(k))
        : referralOverride.apply(target, k);
  }

  /**
   * How many peers a referral names: 1.5 k, at most what one list may hold. More than k because
   * right after churn a node's k closest still include dead peers it has not tried yet; the extra
   * ones let a lookup reach the live nodes just beyond them (with exactly k, ~8 % of lookups right
   * after 30 % churn missed 2 or more of the true 20 live closest).
   */
  static int referralCount(int k) {
    return Math.min(MessageCodec.MAX_NODES, k + k / 2);
  }

  /**
   * Bench and test hook, not for production: answers every referral (FIND_NODE, FIND_VALUE
   * without a value, GET_PROVIDERS) with {@code override(target, k)} instead of the routing
   * table, e.g. an eclipse adversary that names only its accomplices. {@code null} restores the
   * honest behaviour. Call on the protocol's thread.
   */
  public void overrideReferrals(
      java.util.function.BiFunction<NodeId, Integer, List<NodeRecord>> override) {
    this.referralOverride = override;
  }

  // ---------------------------------------------------------------- operations

  private void lookup(Lookup.Kind kind, NodeId target, List<NodeRecord> extraSeeds,
      int wantedProviders, Consumer<Lookup.Outcome> done) {
    lookup(kind, target, extraSeeds, wantedProviders, config.disjointPaths(), done);
  }

  private void lookup(Lookup.Kind kind, NodeId target, List<NodeRecord> extraSeeds,
      int wantedProviders, int paths, Consumer<Lookup.Outcome> done) {
    lookups++;
    table.touchBucket(Math.min(table.bucketOf(target), NodeId.BITS - 1), clock.nowMillis());
    List<NodeRecord> seeds = new ArrayList<>(table.closestResponsive(target, config.k()));
    for (NodeRecord r : extraSeeds) {
      if (!table.contains(r.nodeId())) {
        seeds.add(r);
      }
    }
    Lookup l = new Lookup(this, kind, target, config.k(), config.alpha(), paths,
        wantedProviders, o -> {
          events.accept(new KademliaEvent.LookupCompleted(o.trace()));
          done.accept(o);
        });
    l.start(seeds, config.lookupTimeout().toMillis());
  }

  private static LookupResult result(Lookup.Outcome o) {
    return new LookupResult(o.closest(), o.trace());
  }

  /** Joins through {@code seeds}: a self-lookup that starts from them. */
  public void bootstrap(List<NodeRecord> seeds, Consumer<LookupResult> done) {
    List<NodeRecord> ok = accept(seeds);
    lookup(Lookup.Kind.NODE, table.self(), ok, 0, o -> done.accept(result(o)));
  }

  public void findNode(NodeId target, Consumer<LookupResult> done) {
    lookup(Lookup.Kind.NODE, target, List.of(), 0, o -> done.accept(result(o)));
  }

  /** A lookup over {@code paths} disjoint paths (S/Kademlia), for security-sensitive targets. */
  public void findNode(NodeId target, int paths, Consumer<LookupResult> done) {
    if (paths < 1 || paths > 8) {
      throw new IllegalArgumentException("paths must be 1..8, got " + paths);
    }
    lookup(Lookup.Kind.NODE, target, List.of(), 0, paths, o -> done.accept(result(o)));
  }

  /** Signs {@code value} under {@code name} with the node's identity; seq grows monotonically. */
  public ValueRecord signValue(byte[] name, byte[] value, long ttlMillis) {
    long now = clock.nowMillis();
    NodeId key = ValueRecord.keyOf(signer.publicKey(), name);
    ValueRecord prev = ownValues.get(key);
    long seq = Math.max(prev == null ? 0 : prev.seq() + 1, now);
    ValueRecord unsigned = new ValueRecord(signer.publicKey(), name, seq, now + ttlMillis, value,
        new byte[64]);
    return unsigned.withSignature(signer.sign(unsigned.signedBytes()));
  }

  /** Stores {@code record} on the k closest nodes to its key; yields the number of acks. */
  public void put(ValueRecord record, Consumer<Outcome<Integer>> done) {
    if (java.util.Arrays.equals(record.owner(), signer.publicKey())) {
      ownValues.put(record.key(), record);
    }
    lookup(Lookup.Kind.NODE, record.key(), List.of(), 0, o -> {
      if (self.nodeId().equals(record.key()) || o.closest().size() < config.k()) {
        store.putValue(record);
      }
      fanOut(o.closest(), id -> new Message.Store(id, record),
          acks -> done.accept(new Outcome<>(acks, result(o))));
    });
  }

  /** Finds a value: the local store first, then a FIND_VALUE lookup. */
  public void get(NodeId key, Consumer<Outcome<ValueRecord>> done) {
    lookup(Lookup.Kind.VALUE, key, List.of(), 0, o -> {
      ValueRecord v = o.value();
      if (v == null) {
        v = store.value(key, clock.nowMillis()).orElse(null);
      }
      done.accept(new Outcome<>(v, result(o)));
    });
  }

  /** Announces this node as a provider of {@code key}; republished every 22 h by default. */
  public void provide(NodeId key, Consumer<Outcome<Integer>> done) {
    ownProviders.put(key, Boolean.TRUE);
    lookup(Lookup.Kind.NODE, key, List.of(), 0, o -> fanOut(o.closest(),
        id -> new Message.AddProvider(id, key, self),
        acks -> done.accept(new Outcome<>(acks, result(o)))));
  }

  public void findProviders(NodeId key, int wanted, Consumer<Outcome<List<NodeRecord>>> done) {
    lookup(Lookup.Kind.PROVIDERS, key, List.of(), Math.max(1, wanted), o -> {
      List<NodeRecord> ps = new ArrayList<>(o.providers());
      if (ps.size() < wanted) {
        for (NodeRecord r : store.providers(key, clock.nowMillis(), wanted)) {
          if (ps.stream().noneMatch(x -> x.nodeId().equals(r.nodeId()))) {
            ps.add(r);
          }
        }
      }
      done.accept(new Outcome<>(ps, result(o)));
    });
  }

  /** Pings a peer; yields the round-trip time in ms, or -1 on failure. */
  public void ping(NodeRecord peer, Consumer<Long> done) {
    long t0 = clock.nowMillis();
    send(peer, new Message.Ping(nextRequestId(), null), new RpcTransport.ResponseHandler() {
      @Override
      public void onResponse(Message.Response response) {
        done.accept(clock.nowMillis() - t0);
      }

      @Override
      public void onFailure(RpcTransport.Failure failure) {
        done.accept(-1L);
      }
    });
  }

  /**
   * Bench hook: one FIND_NODE to {@code peer}, no iterative lookup; yields the peers it named, or
   * null on failure (timeout or a wrong answer).
   */
  public void findNodeAt(NodeRecord peer, NodeId target, Consumer<List<NodeRecord>> done) {
    send(peer, new Message.FindNode(nextRequestId(), target), new RpcTransport.ResponseHandler() {
      @Override
      public void onResponse(Message.Response response) {
        done.accept(response instanceof Message.Nodes n ? n.nodes() : null);
      }

      @Override
      public void onFailure(RpcTransport.Failure failure) {
        done.accept(null);
      }
    });
  }

  private void fanOut(List<NodeRecord> peers, java.util.function.LongFunction<Message.Request> req,
      Consumer<Integer> done) {
    if (peers.isEmpty()) {
      done.accept(0);
      return;
    }
    int[] pending = {peers.size()};
    int[] acks = {0};
    // stores favour completeness over speed: never below the configured initial timeout
    for (NodeRecord p : peers) {
      long timeout = Math.max(rtt.timeoutMillis(p.nodeId()), config.rpcTimeout().toMillis());
      send(p, req.apply(nextRequestId()), timeout, new RpcTransport.ResponseHandler() {
        @Override
        public void onResponse(Message.Response response) {
          if (response instanceof Message.Ack a && a.status() != Message.Status.REJECTED) {
            acks[0]++;
          }
          if (--pending[0] == 0) {
            done.accept(acks[0]);
          }
        }

        @Override
        public void onFailure(RpcTransport.Failure failure) {
          if (--pending[0] == 0) {
            done.accept(acks[0]);
          }
        }
      });
    }
  }

  // ---------------------------------------------------------------- timers

  private void refreshBuckets() {
    long now = clock.nowMillis();
    List<Integer> idle = table.idleBuckets(now, config.bucketRefreshInterval().toMillis());
    int n = 0;
    for (int i = idle.size() - 1; i >= 0 && n < 16; i--, n++) {
      int b = idle.get(i);
      NodeId target = table.self().randomInBucket(b, new java.util.Random(random.nextLong()));
      findNode(target, r -> {});
    }
  }

  private void bootstrapRefresh() {
    bootstrap(table.size() < config.k() ? config.bootstrap() : List.of(), r -> {});
  }

  /** Signs a fresh record and pushes it to the closest peers. */
  public void readvertise() {
    self = signRecord(self.seq());
    transport.setLocalRecord(self);
    events.accept(new KademliaEvent.Readvertised(self));
    for (NodeRecord p : table.closest(table.self(), config.k())) {
      send(p, new Message.Ping(nextRequestId(), self), new RpcTransport.ResponseHandler() {
        @Override
        public void onResponse(Message.Response response) {}

        @Override
        public void onFailure(RpcTransport.Failure failure) {}
      });
    }
  }

  private void expire() {
    long now = clock.nowMillis();
    int n = store.expire(now);
    ownValues.values().removeIf(v -> v.expiresAtMillis() <= now);
    if (n > 0) {
      events.accept(new KademliaEvent.Expired(n));
    }
  }

  private void republishProviders() {
    List<NodeId> keys = new ArrayList<>(ownProviders.keySet());
    for (NodeId key : keys) {
      provide(key, o -> {});
    }
    if (!keys.isEmpty()) {
      events.accept(new KademliaEvent.Republished(0, keys.size()));
    }
  }

  private void republishValues() {
    long now = clock.nowMillis();
    List<ValueRecord> vs = new ArrayList<>();
    for (ValueRecord v : ownValues.values()) {
      if (v.expiresAtMillis() > now) {
        vs.add(v);
      }
    }
    for (ValueRecord v : vs) {
      put(v, o -> {});
    }
    if (!vs.isEmpty()) {
      events.accept(new KademliaEvent.Republished(vs.size(), 0));
    }
  }

  /** Stops announcing {@code key}. */
  public void unprovide(NodeId key) {
    ownProviders.remove(key);
  }
}
