package io.veilnet.engine.internal;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.veilnet.engine.node.PeerSource;
import io.veilnet.kademlia.KademliaNode;
import io.veilnet.kademlia.LookupTrace;
import io.veilnet.kademlia.RecordRejection;
import io.veilnet.mdns.DropReason;
import io.veilnet.mdns.LocalDiscovery;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * One node's meters in a Prometheus registry of its own: DHT counters read from {@link
 * io.veilnet.kademlia.NodeStats} at scrape time, lookup rounds and durations from lookup events,
 * operation counts and latency histograms for the requests the node makes, mDNS counters, peers by
 * source and store sizes.
 */
public final class NodeMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Set<String> dropReasons = ConcurrentHashMap.newKeySet();
  private final DistributionSummary lookupRounds;
  private final Timer lookupDuration;
  private final Map<String, Timer> ops = new ConcurrentHashMap<>();
  private final Map<String, Timer> failedOps = new ConcurrentHashMap<>();
  private volatile KademliaNode dht;

  public NodeMetrics(String nodeIdHex, Supplier<Map<PeerSource, Long>> peers, MeteredBlobStore blobs) {
    registry.config().commonTags("node", nodeIdHex.substring(0, 16));
    for (PeerSource s : PeerSource.values()) {
      Gauge.builder("veilnet.peers", peers, p -> p.get().getOrDefault(s, 0L))
          .tag("source", s.name().toLowerCase(java.util.Locale.ROOT)).strongReference(true)
          .description("Known peers by how they were found").register(registry);
    }
    Gauge.builder("veilnet.store.blobs", blobs, MeteredBlobStore::count)
        .description("Shards (blobs) held by this node").register(registry);
    Gauge.builder("veilnet.store.blob.bytes", blobs, MeteredBlobStore::bytes).baseUnit("bytes")
        .description("Bytes of shards held by this node").register(registry);
    lookupRounds = DistributionSummary.builder("veilnet.lookup.rounds")
        .description("Rounds (hops) of completed DHT lookups").publishPercentileHistogram()
        .serviceLevelObjectives(1, 2, 3, 4, 5, 6, 8).register(registry);
    lookupDuration = Timer.builder("veilnet.lookup.duration")
        .description("Wall time of completed DHT lookups").publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
  }

  /** Binds the DHT's counters (read at scrape time). */
  public void bindDht(KademliaNode node) {
    this.dht = node;
    Gauge.builder("veilnet.dht.routing.table.size", node, n -> n.stats().routingTableSize())
        .description("Peers in the routing table").register(registry);
    Gauge.builder("veilnet.dht.sessions", node, n -> n.stats().sessions())
        .description("Open Noise sessions").register(registry);
    FunctionCounter.builder("veilnet.dht.handshakes.started", node, n -> n.stats().handshakesStarted())
        .register(registry);
    FunctionCounter.builder("veilnet.dht.handshakes.completed", node, n -> n.stats().handshakesCompleted())
        .register(registry);
    FunctionCounter.builder("veilnet.dht.lookups", node, n -> n.stats().lookups())
        .description("DHT lookups started").register(registry);
    Gauge.builder("veilnet.dht.stored.values", node, n -> n.stats().storedValues())
        .description("Value records held").register(registry);
    Gauge.builder("veilnet.dht.stored.providers", node, n -> n.stats().storedProviders())
        .description("Provider records held").register(registry);
    for (RecordRejection r : RecordRejection.values()) {
      FunctionCounter.builder("veilnet.dht.record.rejections", node,
              n -> n.stats().recordRejections().getOrDefault(r, 0L))
          .tag("reason", r.name().toLowerCase(java.util.Locale.ROOT)).register(registry);
    }
    refreshDropReasons();
  }

  /** Binds mDNS discovery's counters. */
  public void bindMdns(LocalDiscovery d) {
    FunctionCounter.builder("veilnet.mdns.accepted", d, x -> x.metrics().accepted())
        .description("Verified mDNS announcements admitted").register(registry);
    FunctionCounter.builder("veilnet.mdns.removed", d, x -> x.metrics().removed()).register(registry);
    for (DropReason r : DropReason.values()) {
      FunctionCounter.builder("veilnet.mdns.drops", d, x -> x.metrics().dropped(r))
          .tag("reason", r.name().toLowerCase(java.util.Locale.ROOT))
          .description("Ignored mDNS announcements by reason").register(registry);
    }
  }

  /** Drop reasons appear in NodeStats as they happen; register a counter for each new one. */
  private void refreshDropReasons() {
    KademliaNode n = dht;
    if (n == null) {
      return;
    }
    for (String reason : n.stats().drops().keySet()) {
      if (dropReasons.add(reason)) {
        FunctionCounter.builder("veilnet.dht.drops", n, x -> x.stats().drops().getOrDefault(reason, 0L))
            .tag("reason", reason.toLowerCase(java.util.Locale.ROOT))
            .description("Inbound datagrams dropped, by reason").register(registry);
      }
    }
  }

  public void lookupCompleted(LookupTrace t) {
    lookupRounds.record(t.rounds());
    lookupDuration.record(Duration.ofMillis(t.durationMillis()));
  }

  /** Times {@code mono} as operation {@code op} (count and latency histogram, by outcome). */
  public <T> Mono<T> timed(String op, Mono<T> mono) {
    return Mono.defer(() -> {
      long t0 = System.nanoTime();
      return mono
          .doOnSuccess(v -> timer(ops, op, "ok").record(Duration.ofNanos(System.nanoTime() - t0)))
          .doOnError(e -> timer(failedOps, op, "error").record(Duration.ofNanos(System.nanoTime() - t0)));
    });
  }

  private Timer timer(Map<String, Timer> m, String op, String outcome) {
    return m.computeIfAbsent(op, o -> Timer.builder("veilnet.rpc")
        .description("Requests this node made, by operation and outcome").tags(Tags.of("op", o, "outcome", outcome))
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30)).register(registry));
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public String scrape() {
    refreshDropReasons();
    return registry.scrape();
  }

  public void close() {
    registry.close();
  }
}
