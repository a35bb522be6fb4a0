package io.veilnet.engine;

import io.micrometer.core.instrument.MeterRegistry;
import io.veilnet.engine.node.PeerInfo;
import io.veilnet.engine.node.Route;
import io.veilnet.kademlia.KademliaNode;
import io.veilnet.kademlia.LookupResult;
import io.veilnet.kademlia.NodeId;
import io.veilnet.kademlia.NodeRecord;
import io.veilnet.mdns.LocalDiscovery;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * A started node. {@link #dispose()} (or {@link #close()}) stops it without blocking: the admin
 * endpoint and the DHT unbind, mDNS says goodbye on its own thread; {@link #onClose()} completes
 * when everything has stopped.
 */
public interface RunningNode extends Disposable, AutoCloseable {

  NodeId id();

  Mode mode();

  NodeConfig config();

  /** The node's current signed record (what peers use to reach it and what mDNS announces). */
  NodeRecord record();

  /** The DHT, unless the mode or the feature flag leaves it out. */
  Optional<KademliaNode> dht();

  /** mDNS discovery, in LOCAL and HYBRID mode. */
  Optional<LocalDiscovery> localDiscovery();

  /** The result of joining through the bootstrap list, if the node had one. */
  Optional<LookupResult> bootstrapResult();

  /**
   * The file service (encrypted, erasure-coded files over the DHT), when the node has a DHT and was
   * given a key service ({@link Veilnet#keyService}).
   */
  Optional<io.veilnet.engine.files.FileService> files();

  /**
   * Reports of the node's periodic repair passes (every {@link NodeConfig#repairPeriod()}, over the
   * files whose manifests this node stores); empty when the node has no file service. Hot: late
   * subscribers miss earlier passes.
   */
  reactor.core.publisher.Flux<io.veilnet.engine.files.RepairReport> repairReports();

  /** The admin endpoint's address, if it is on. */
  Optional<InetSocketAddress> adminAddress();

  /** Known peers, one entry per (peer, source). */
  List<PeerInfo> peers();

  /**
   * The route to {@code destination}: a known peer first (routing table, then mDNS), else a DHT
   * lookup of its record. Fails with {@link io.veilnet.engine.node.NoRouteException} if neither
   * finds it.
   */
  Mono<Route> route(NodeId destination);

  /** This node's meters (Prometheus registry; {@code /metrics} serves it). */
  MeterRegistry metrics();

  /** Prometheus text exposition of {@link #metrics()}. */
  String scrapeMetrics();

  /** Completes when the node has fully stopped. */
  Mono<Void> onClose();

  @Override
  default void close() {
    dispose();
    onClose().block(Duration.ofSeconds(15));
  }
}
