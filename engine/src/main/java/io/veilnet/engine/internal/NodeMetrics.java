package io.veilnet.engine.internal;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.veilnet.kademlia.KademliaMetrics;
import reactor.core.Disposable;
import reactor.core.Disposables;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.veilnet.engine.node.PeerSource;
import io.veilnet.engine.store.NodeStore;
import io.veilnet.kademlia.KademliaNode;
import io.veilnet.mdns.DropReason;
import io.veilnet.mdns.LocalDiscovery;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * One node's meters in a Prometheus registry of its own: the DHT's (kademlia's {@link
 * KademliaMetrics} binding, read from {@link io.veilnet.kademlia.NodeStats} and lookup events),
 * operation counts and latency histograms for the requests the node makes, mDNS counters, peers by
 * source and store sizes.
 */
public final class NodeMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, Timer> ops = new ConcurrentHashMap<>();
  private final Map<String, Timer> failedOps = new ConcurrentHashMap<>();
  private volatile Disposable dhtBinding = Disposables.disposed();

  public NodeMetrics(String nodeIdHex, Supplier<Map<PeerSource, Long>> peers, NodeStore store) {
    registry.config().commonTags("node", nodeIdHex.substring(0, 8)); // as NodeId.toString()
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (id.getName().startsWith("veilnet.kad.lookup.")) {
          return DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config);
        }
        return config;
      }
    });
    for (PeerSource s : PeerSource.values()) {
      Gauge.builder("veilnet.peers", peers, p -> p.get().getOrDefault(s, 0L))
          .tag("source", s.name().toLowerCase(java.util.Locale.ROOT)).strongReference(true)
          .description("Known peers by how they were found").register(registry);
    }
    Gauge.builder("veilnet.store.blobs", store, st -> st.shardIds().size())
        .description("Shards (blobs) held by this node").register(registry);
    Gauge.builder("veilnet.store.records", store, st -> st.recordKeys().size())
        .description("Durable records held by this node's store").register(registry);
  }

  /**
   * Binds the DHT's meters through kademlia's own binding ({@code veilnet_kad_*}: routing table,
   * sessions, handshakes, stored records, drops and record rejections by reason, lookup duration,
   * rounds, peers asked and failures), with percentile histograms switched on for the lookup meters.
   */
  public void bindDht(KademliaNode node) {
    dhtBinding = KademliaMetrics.bind(node, registry);
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
    return registry.scrape();
  }

  public void close() {
    dhtBinding.dispose();
    registry.close();
  }
}
