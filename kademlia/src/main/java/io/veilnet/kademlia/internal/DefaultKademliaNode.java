package io.veilnet.kademlia.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.veilnet.kademlia.KademliaConfig;
import io.veilnet.kademlia.KademliaEvent;
import io.veilnet.kademlia.KademliaNode;
import io.veilnet.kademlia.KademliaResources;
import io.veilnet.kademlia.LookupResult;
import io.veilnet.kademlia.NodeId;
import io.veilnet.kademlia.NodeIdentity;
import io.veilnet.kademlia.NodeRecord;
import io.veilnet.kademlia.NodeStats;
import io.veilnet.kademlia.RecordRejection;
import io.veilnet.kademlia.RecordStore;
import io.veilnet.kademlia.StoreResult;
import io.veilnet.kademlia.ValueRecord;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Sinks;

/** The {@link KademliaNode} over {@link UdpTransport} and {@link KademliaProtocol}. */
public final class DefaultKademliaNode implements KademliaNode {
  private final NodeIdentity identity;
  private final DatagramChannel channel;
  private final UdpTransport transport;
  private final KademliaProtocol protocol;
  private final KademliaConfig config;
  private final BlobChannel blobs;
  private final Sinks.Many<KademliaEvent> events;
  private final Sinks.Empty<Void> closed = Sinks.empty();
  private volatile NodeRecord record;
  private volatile boolean disposed;

  private DefaultKademliaNode(NodeIdentity identity, DatagramChannel channel,
      KademliaConfig config, KademliaResources resources, RecordStore store,
      RecordValidator validator, BlobChannel blobs, int tcpPort, java.security.SecureRandom random) {
    this.identity = identity;
    this.channel = channel;
    this.config = config;
    this.blobs = blobs;
    this.events = Sinks.many().multicast().directBestEffort();
    InetSocketAddress local = channel.localAddress();
    KademliaProtocol[] self = new KademliaProtocol[1];
    // a placeholder record until the protocol signs the real one in its constructor
    NodeRecord placeholder = new NodeRecord(identity.identityPublicKey(), identity.staticPublicKey(),
        local.getAddress(), local.getPort(), 0, 0, 0, 1, new byte[64]);
    this.transport = new UdpTransport(channel, identity, placeholder, config,
        r -> self[0] != null && self[0].acceptRecord(r, System.currentTimeMillis()), random);
    Consumer<KademliaEvent> sink = e -> {
      if (e instanceof KademliaEvent.Readvertised r) {
        record = r.record();
      }
      events.tryEmitNext(e);
    };
    this.protocol = new KademliaProtocol(config, transport.clock(), transport, validator, store,
        Signers.of(identity), identity.staticPublicKey(), local.getAddress(), local.getPort(), tcpPort,
        sink, random.nextLong(), resources.verifiedRecords());
    self[0] = protocol;
    this.record = protocol.localRecord();
  }

  /** Binds and starts a node; see {@link KademliaNode#start}. */
  public static Mono<KademliaNode> start(NodeIdentity identity, KademliaConfig config,
      KademliaResources resources, RecordStore store, io.veilnet.kademlia.BlobStore blobStore) {
    return Mono.defer(() -> {
      RecordValidator validator = new RecordValidator(Ed25519Verifier.INSTANCE,
          config.puzzleDifficulty(), config.maxClockSkew().toMillis());
      DefaultKademliaNode[] holder = new DefaultKademliaNode[1];
      var verified = resources.verifiedRecords();
      BlobChannel blobs = new BlobChannel(resources.eventLoopGroup(), identity.staticPrivateKey(),
          () -> holder[0].record,
          r -> verified.contains(r) || validator.check(r, System.currentTimeMillis()) == null,
          blobStore, config.maxClockSkew().toMillis() * 2);
      return blobs.bind(config.bindAddress())
          .flatMap(tcpPort -> bindUdp(identity, config, resources, store, validator, blobs, tcpPort,
              holder, Randoms.forEventLoop()))
          .doOnError(e -> blobs.close());
    });
  }

  private static Mono<KademliaNode> bindUdp(NodeIdentity identity, KademliaConfig config,
      KademliaResources resources, RecordStore store, RecordValidator validator, BlobChannel blobs,
      int tcpPort, DefaultKademliaNode[] holder, java.security.SecureRandom random) {
    return Mono.create(sink -> {
      Bootstrap b = new Bootstrap()
          .group(resources.eventLoopGroup())
          .channel(NioDatagramChannel.class)
          .option(ChannelOption.RECVBUF_ALLOCATOR,
              new FixedRecvByteBufAllocator(SessionManager.MAX_DATAGRAM))
          .option(ChannelOption.SO_RCVBUF, 1 << 20)
          .option(ChannelOption.SO_SNDBUF, 1 << 20)
          .option(ChannelOption.AUTO_READ, false)
          .handler(new io.netty.channel.ChannelInboundHandlerAdapter());
      b.bind(new InetSocketAddress(config.bindAddress(), config.udpPort())).addListener(f -> {
        if (!f.isSuccess()) {
          sink.error(f.cause());
          return;
        }
        DatagramChannel ch = (DatagramChannel) ((io.netty.channel.ChannelFuture) f).channel();
        ch.eventLoop().execute(() -> {
          try {
            DefaultKademliaNode node = new DefaultKademliaNode(identity, ch, config, resources,
                store, validator, blobs, tcpPort, random);
            holder[0] = node;
            node.protocol.start();
            ch.config().setAutoRead(true);
            ch.closeFuture().addListener(x -> node.closed.tryEmitEmpty());
            sink.success(node);
          } catch (RuntimeException e) {
            ch.close();
            sink.error(e);
          }
        });
      });
    });
  }

  private <T> Mono<T> onLoop(Consumer<MonoSink<T>> body) {
    return Mono.create(sink -> {
      if (disposed) {
        sink.error(new IllegalStateException("node is closed"));
        return;
      }
      channel.eventLoop().execute(() -> {
        try {
          body.accept(sink);
        } catch (RuntimeException e) {
          sink.error(e);
        }
      });
    });
  }

  @Override
  public NodeId id() {
    return identity.nodeId();
  }

  @Override
  public NodeRecord record() {
    return record;
  }

  @Override
  public InetSocketAddress udpAddress() {
    return channel.localAddress();
  }

  @Override
  public Mono<LookupResult> bootstrap(List<NodeRecord> seeds) {
    List<NodeRecord> s = seeds.isEmpty() ? config.bootstrap() : List.copyOf(seeds);
    return onLoop(sink -> protocol.bootstrap(s, sink::success));
  }

  @Override
  public Mono<LookupResult> findNode(NodeId target) {
    return onLoop(sink -> protocol.findNode(target, sink::success));
  }

  @Override
  public Mono<LookupResult> findNode(NodeId target, int disjointPaths) {
    return onLoop(sink -> protocol.findNode(target, disjointPaths, sink::success));
  }

  @Override
  public Mono<StoreResult> put(byte[] name, byte[] value, Duration ttl) {
    byte[] n = name.clone();
    byte[] v = value.clone();
    return onLoop(sink -> {
      ValueRecord r = protocol.signValue(n, v, ttl.toMillis());
      protocol.put(r, o -> sink.success(new StoreResult(r.key(), o.value(), o.lookup().trace())));
    });
  }

  @Override
  public Mono<StoreResult> put(ValueRecord r) {
    return onLoop(sink -> protocol.put(r,
        o -> sink.success(new StoreResult(r.key(), o.value(), o.lookup().trace()))));
  }

  @Override
  public Mono<ValueRecord> get(NodeId key) {
    return onLoop(sink -> protocol.get(key, o -> sink.success(o.value())));
  }

  @Override
  public Mono<StoreResult> provide(NodeId key) {
    return onLoop(sink -> protocol.provide(key,
        o -> sink.success(new StoreResult(key, o.value(), o.lookup().trace()))));
  }

  @Override
  public Mono<Void> unprovide(NodeId key) {
    return onLoop(sink -> {
      protocol.unprovide(key);
      sink.success();
    });
  }

  @Override
  public Mono<List<NodeRecord>> findProviders(NodeId key, int wanted) {
    return onLoop(sink -> protocol.findProviders(key, wanted, o -> sink.success(o.value())));
  }

  @Override
  public Mono<Duration> ping(NodeRecord peer) {
    return onLoop(sink -> {
      long t0 = System.nanoTime();
      protocol.ping(peer, rtt -> {
        if (rtt < 0) {
          sink.error(new TimeoutException("no answer from " + peer.nodeId()));
        } else {
          sink.success(Duration.ofNanos(System.nanoTime() - t0));
        }
      });
    });
  }

  @Override
  public Mono<NodeId> storeBlob(NodeRecord target, byte[] blob) {
    byte[] copy = blob.clone();
    return Mono.defer(() -> blobs.store(target, copy));
  }

  @Override
  public Mono<byte[]> fetchBlob(NodeRecord target, NodeId id) {
    return Mono.defer(() -> blobs.fetch(target, id));
  }

  /** Not API: the protocol core; use only on {@link #eventLoop()}. */
  public KademliaProtocol protocol() {
    return protocol;
  }

  /** Not API: the event loop that owns this node's state. */
  public io.netty.channel.EventLoop eventLoop() {
    return channel.eventLoop();
  }

  /** Not API: the blob channel (tests use its fault hook). */
  public BlobChannel blobChannel() {
    return blobs;
  }

  @Override
  public Mono<List<NodeRecord>> routingTable() {
    return onLoop(sink -> sink.success(protocol.routingTable().all()));
  }

  @Override
  public Flux<KademliaEvent> events() {
    return events.asFlux();
  }

  @Override
  public NodeStats stats() {
    SessionManager s = transport.sessions();
    Map<String, Long> drops = new HashMap<>();
    s.drops().forEach((k, v) -> {
      if (v > 0) {
        drops.put(k.name(), v);
      }
    });
    Map<RecordRejection, Long> rej = new EnumMap<>(RecordRejection.class);
    for (RecordRejection r : RecordRejection.values()) {
      long n = protocol.validator().rejected(r);
      if (n > 0) {
        rej.put(r, n);
      }
    }
    return new NodeStats(protocol.routingTable().size(), s.sessionCount(), s.handshakesStarted(),
        s.handshakesCompleted(), drops, rej, protocol.lookupCount(), protocol.store().valueCount(),
        protocol.store().providerCount());
  }

  /**
   * Bench and test hook, not for production: see {@link KademliaProtocol#overrideReferrals}.
   * Lets a harness turn this node into an adversary that answers lookups with chosen peers.
   */
  public Mono<Void> overrideReferrals(
      java.util.function.BiFunction<NodeId, Integer, List<NodeRecord>> override) {
    return onLoop(sink -> {
      protocol.overrideReferrals(override);
      sink.success();
    });
  }

  /**
   * Bench hook, not for production: a single FIND_NODE RPC to {@code peer} (no lookup), for load
   * generators; errors with {@link TimeoutException} when the peer does not answer.
   */
  public Mono<List<NodeRecord>> findNodeAt(NodeRecord peer, NodeId target) {
    return onLoop(sink -> protocol.findNodeAt(peer, target, nodes -> {
      if (nodes == null) {
        sink.error(new TimeoutException("no answer from " + peer.nodeId()));
      } else {
        sink.success(nodes);
      }
    }));
  }

  @Override
  public Mono<Void> onClose() {
    return closed.asMono();
  }

  @Override
  public void dispose() {
    if (disposed) {
      return;
    }
    disposed = true;
    channel.eventLoop().execute(() -> {
      protocol.close();
      transport.close();
      events.tryEmitComplete();
      blobs.close();
      channel.close();
    });
  }

  @Override
  public boolean isDisposed() {
    return disposed;
  }
}
