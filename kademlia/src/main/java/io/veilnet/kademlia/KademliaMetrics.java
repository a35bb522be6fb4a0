package io.veilnet.kademlia;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import reactor.core.Disposable;

/**
 * Publishes a node's counters and lookup traces to Micrometer: gauges for the routing table,
 * sessions, handshakes, stored records, drops by reason and record rejections by reason; a timer
 * of lookup durations and summaries of rounds, peers asked and failures per lookup. Tagged with
 * the node id prefix. Dispose the returned handle to stop recording traces.
 */
public final class KademliaMetrics {
  private KademliaMetrics() {}

  public static Disposable bind(KademliaNode node, MeterRegistry registry) {
    Tags tags = Tags.of("node", node.id().toString());
    Gauge.builder("veilnet.kad.routing.size", node, n -> n.stats().routingTableSize())
        .tags(tags).register(registry);
    Gauge.builder("veilnet.kad.sessions", node, n -> n.stats().sessions()).tags(tags)
        .register(registry);
    Gauge.builder("veilnet.kad.handshakes.completed", node, n -> n.stats().handshakesCompleted())
        .tags(tags).register(registry);
    Gauge.builder("veilnet.kad.store.values", node, n -> n.stats().storedValues()).tags(tags)
        .register(registry);
    Gauge.builder("veilnet.kad.store.providers", node, n -> n.stats().storedProviders())
        .tags(tags).register(registry);
    for (String reason : new String[] {"RATE_LIMITED_IP", "RATE_LIMITED_SUBNET",
        "RATE_LIMITED_NODE", "RATE_LIMITED_GLOBAL", "MALFORMED", "OVERSIZED", "UNKNOWN_SESSION",
        "REPLAYED", "FORGED", "BAD_RECORD", "STALE_HANDSHAKE", "EXPIRED_SESSION",
        "FRAGMENT_LIMIT", "DECODE_ERROR", "UNEXPECTED_RESPONSE"}) {
      Gauge.builder("veilnet.kad.dropped", node, n -> n.stats().drops().getOrDefault(reason, 0L))
          .tags(tags.and("reason", reason)).register(registry);
    }
    for (RecordRejection r : RecordRejection.values()) {
      Gauge.builder("veilnet.kad.records.rejected", node,
              n -> n.stats().recordRejections().getOrDefault(r, 0L))
          .tags(tags.and("reason", r.name())).register(registry);
    }
    Timer duration = Timer.builder("veilnet.kad.lookup.duration").tags(tags).register(registry);
    DistributionSummary rounds = DistributionSummary.builder("veilnet.kad.lookup.rounds")
        .tags(tags).register(registry);
    DistributionSummary asked = DistributionSummary.builder("veilnet.kad.lookup.peers.asked")
        .tags(tags).register(registry);
    DistributionSummary failures = DistributionSummary.builder("veilnet.kad.lookup.failures")
        .tags(tags).register(registry);
    return node.events()
        .ofType(KademliaEvent.LookupCompleted.class)
        .subscribe(e -> {
          LookupTrace t = e.trace();
          duration.record(Duration.ofMillis(t.durationMillis()));
          rounds.record(t.rounds());
          asked.record(t.peersAsked());
          failures.record(t.failures());
        });
  }
}
