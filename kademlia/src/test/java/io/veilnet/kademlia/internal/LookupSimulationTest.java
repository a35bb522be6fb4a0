package io.veilnet.kademlia.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.veilnet.kademlia.testing.SimHarness;
import io.veilnet.kademlia.testing.SimNetwork;
import org.junit.jupiter.api.Test;

class LookupSimulationTest {

  @Test
  void thousandNodes_lookupsFindTheTrueClosestInFewRounds() {
    long t0 = System.nanoTime();
    SimNetwork net = SimHarness.build(1_000, 1, SimHarness.simConfig(), 10);
    long t1 = System.nanoTime();
    SimHarness.Stats s = SimHarness.lookups(net, 1_000, 20, 2);
    long t2 = System.nanoTime();
    System.out.printf("N=1000 build %d ms, lookups %d ms, rounds p50=%.0f p99=%.0f, >=19/20: %.4f,"
            + " 20/20: %.4f, msgs/lookup %.1f, virtual p50 %.0f ms%n",
        (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, s.roundsPercentile(0.5),
        s.roundsPercentile(0.99), s.fractionWithHits(19), s.fractionWithHits(20),
        s.messages() / (double) s.lookups(), s.millisPercentile(0.5));
    assertThat(s.roundsPercentile(0.5)).isLessThanOrEqualTo(3);
    assertThat(s.roundsPercentile(0.99)).isLessThanOrEqualTo(5);
    assertThat(s.fractionWithHits(19)).isGreaterThanOrEqualTo(0.999);
  }

  @Test
  void tenThousandNodes_simulatedLookupRoundsStayLogarithmic() {
    long t0 = System.nanoTime();
    SimNetwork net = SimHarness.build(10_000, 3, SimHarness.simConfig(), 50);
    long t1 = System.nanoTime();
    SimHarness.Stats s = SimHarness.lookups(net, 500, 50, 4);
    long t2 = System.nanoTime();
    System.out.printf("N=10000 build %d ms, lookups %d ms, rounds p50=%.0f p99=%.0f, >=19/20: %.4f,"
            + " msgs/lookup %.1f%n",
        (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, s.roundsPercentile(0.5),
        s.roundsPercentile(0.99), s.fractionWithHits(19), s.messages() / (double) s.lookups());
    assertThat(s.roundsPercentile(0.5)).isLessThanOrEqualTo(4);
    assertThat(s.roundsPercentile(0.99)).isLessThanOrEqualTo(7);
    assertThat(s.fractionWithHits(19)).isGreaterThanOrEqualTo(0.99);
  }

  @Test
  void disjointPaths_stillConverge_andAskMorePeers() {
    var cfg = SimHarness.simConfig().toBuilder().disjointPaths(3).build();
    SimNetwork net = SimHarness.build(1_000, 5, cfg, 10);
    SimHarness.Stats s = SimHarness.lookups(net, 200, 20, 6);
    assertThat(s.fractionWithHits(19)).isGreaterThanOrEqualTo(0.99);
    assertThat(s.messages() / (double) s.lookups()).isGreaterThan(45); // ~3 x 20 peers asked
  }

  @Test
  void lookupDeadline_returnsPartialResultsWithTrace() {
    var cfg = SimHarness.simConfig();
    SimNetwork net = SimHarness.build(300, 8, cfg, 10);
    // now make every peer slow: the next lookups hit a 30 ms deadline mid-way (hops take 2-20 ms)
    var slow = cfg.toBuilder().lookupTimeout(java.time.Duration.ofMillis(30)).build();
    SimNetwork.SimNode fresh = net.add(slow, new io.veilnet.kademlia.testing.FakeSigner(999_999L),
        io.veilnet.kademlia.testing.FakeSigner.VERIFIER);
    io.veilnet.kademlia.LookupResult[] out = new io.veilnet.kademlia.LookupResult[1];
    fresh.protocol().bootstrap(java.util.List.of(net.nodes().get(0).record()), r -> out[0] = r);
    assertThat(net.time().runUntil(() -> out[0] != null, 10_000)).isTrue();
    assertThat(out[0].trace().timedOut()).isTrue();
    assertThat(out[0].trace().durationMillis()).isEqualTo(30);
    assertThat(out[0].trace().peersAsked()).isGreaterThan(out[0].trace().responses());
    assertThat(out[0].closest()).isNotEmpty();
  }
}
