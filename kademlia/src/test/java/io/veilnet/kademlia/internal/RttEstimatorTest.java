package io.veilnet.kademlia.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.veilnet.kademlia.NodeId;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RttEstimatorTest {
  final Random random = new Random(11);

  @Test
  void peerWithoutHistory_getsTheInitialTimeout_beforeAnySample() {
    RttEstimator e = new RttEstimator(1_000, 50, 2_000);
    assertThat(e.timeoutMillis(NodeId.random(random))).isEqualTo(1_000);
  }

  @Test
  void peerWithoutHistory_getsTheNetworkEstimate_onceOtherPeersWereMeasured() {
    RttEstimator e = new RttEstimator(1_000, 5, 2_000);
    for (int i = 0; i < 50; i++) {
      e.sample(NodeId.random(random), 10 + i % 3); // 10-12 ms everywhere
    }
    long unknown = e.timeoutMillis(NodeId.random(random));
    assertThat(unknown).isBetween(10L, 30L);
  }

  @Test
  void networkEstimate_isClampedToTheFloor() {
    RttEstimator e = new RttEstimator(1_000, 50, 2_000);
    e.sample(NodeId.random(random), 1);
    assertThat(e.timeoutMillis(NodeId.random(random))).isEqualTo(50);
  }

  @Test
  void knownPeer_keepsItsOwnEstimate() {
    RttEstimator e = new RttEstimator(1_000, 5, 2_000);
    NodeId far = NodeId.random(random);
    for (int i = 0; i < 20; i++) {
      e.sample(far, 300);
    }
    for (int i = 0; i < 60; i++) {
      e.sample(NodeId.random(random), 10);
    }
    assertThat(e.timeoutMillis(far)).isBetween(300L, 400L);
    assertThat(e.timeoutMillis(NodeId.random(random))).isLessThan(300);
  }

  @Test
  void penalty_growsAKnownPeersTimeout() {
    RttEstimator e = new RttEstimator(1_000, 5, 2_000);
    NodeId p = NodeId.random(random);
    for (int i = 0; i < 20; i++) {
      e.sample(p, 20);
    }
    long before = e.timeoutMillis(p);
    e.penalize(p);
    e.penalize(p);
    assertThat(e.timeoutMillis(p)).isEqualTo(Math.min(2_000, 4 * before));
    // a lookup does not wait longer for it: it gives up after a few soft timeouts and asks others
    assertThat(e.lookupTimeoutMillis(p)).isEqualTo(before);
    e.sample(p, 20); // an answer ends the back-off
    assertThat(e.timeoutMillis(p)).isEqualTo(e.lookupTimeoutMillis(p)).isLessThanOrEqualTo(before);
  }
}
