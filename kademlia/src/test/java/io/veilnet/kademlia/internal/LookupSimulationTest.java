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
}
