package io.veilnet.kademlia;

import static org.assertj.core.api.Assertions.assertThat;

import io.veilnet.kademlia.testing.TestRecords;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TwoNodeIT {
  static final Duration T = Duration.ofSeconds(10);
  static KademliaResources resources;
  static KademliaNode a;
  static KademliaNode b;

  static KademliaConfig config(String host) throws Exception {
    return KademliaConfig.builder().puzzleDifficulty(0)
        .bindAddress(InetAddress.getByName(host)).build();
  }

  @BeforeAll
  static void start() throws Exception {
    resources = KademliaResources.create(2);
    a = KademliaNode.start(TestRecords.identity(11), config("127.0.0.1"), resources).block(T);
    b = KademliaNode.startNow(TestRecords.identity(12), config("127.0.0.2"), resources, T);
  }

  @AfterAll
  static void stop() {
    a.close();
    b.close();
    resources.close();
  }

  @Test
  void metrics_recordLookupTracesAndCounters() {
    var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    reactor.core.Disposable d = KademliaMetrics.bind(a, registry);
    try {
      a.ping(b.record()).block(T);
      a.findNode(b.id()).block(T);
      assertThat(registry.get("veilnet.kad.lookup.duration").timer().count()).isEqualTo(1);
      assertThat(registry.get("veilnet.kad.routing.size").gauge().value()).isGreaterThanOrEqualTo(1);
    } finally {
      d.dispose();
    }
  }

  @Test
  void pingPutGetAcrossTwoNodes() {
    Duration rtt = a.ping(b.record()).block(T);
    assertThat(rtt).isPositive().isLessThan(Duration.ofSeconds(1));
    assertThat(b.routingTable().block(T)).extracting(NodeRecord::nodeId).containsExactly(a.id());

    LookupResult joined = b.bootstrap(List.of(a.record())).block(T);
    assertThat(joined.closest()).extracting(NodeRecord::nodeId).contains(a.id());
    LookupResult disjoint = b.findNode(a.id(), 2).block(T);
    assertThat(disjoint.trace().paths()).isEqualTo(2);
    assertThat(disjoint.closest()).extracting(NodeRecord::nodeId).contains(a.id());

    StoreResult put = a.put("greeting".getBytes(StandardCharsets.UTF_8),
        "hello".getBytes(StandardCharsets.UTF_8), Duration.ofHours(1)).block(T);
    assertThat(put.acks()).isEqualTo(1);
    ValueRecord got = b.get(put.key()).block(T);
    assertThat(got).isNotNull();
    assertThat(new String(got.value(), StandardCharsets.UTF_8)).isEqualTo("hello");

    NodeId content = NodeId.random(new java.util.Random(1));
    assertThat(b.provide(content).block(T).acks()).isEqualTo(1);
    assertThat(a.findProviders(content, 5).block(T)).extracting(NodeRecord::nodeId)
        .containsExactly(b.id());

    NodeStats s = a.stats();
    assertThat(s.handshakesCompleted() + b.stats().handshakesCompleted()).isGreaterThanOrEqualTo(2);
    assertThat(s.drops()).doesNotContainKeys("FORGED", "REPLAYED", "DECODE_ERROR");
  }
}
