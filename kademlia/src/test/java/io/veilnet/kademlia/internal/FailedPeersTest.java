package io.veilnet.kademlia.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veilnet.kademlia.NodeId;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FailedPeersTest {
  final Random random = new Random(3);
  final NodeId a = NodeId.random(random);
  final NodeId b = NodeId.random(random);

  @Test
  void failedPeer_isSuspect_untilTheMemoryRunsOut() {
    FailedPeers f = new FailedPeers(1_000);
    f.failed(a, 10_000);
    assertThat(f.isSuspect(a, 10_000)).isTrue();
    assertThat(f.isSuspect(a, 10_999)).isTrue();
    assertThat(f.isSuspect(b, 10_500)).isFalse();
    assertThat(f.isSuspect(a, 11_000)).isFalse();
    assertThat(f.size()).isZero(); // forgotten once expired
  }

  @Test
  void hearingFromAPeer_clearsItAtOnce() {
    FailedPeers f = new FailedPeers(60_000);
    f.failed(a, 0);
    f.heard(a);
    assertThat(f.isSuspect(a, 1)).isFalse();
  }

  @Test
  void anotherFailure_restartsTheMemory() {
    FailedPeers f = new FailedPeers(1_000);
    f.failed(a, 0);
    f.failed(a, 900);
    assertThat(f.isSuspect(a, 1_500)).isTrue();
    assertThat(f.isSuspect(a, 1_900)).isFalse();
  }

  @Test
  void memory_isBounded_oldestFailuresForgottenFirst() {
    FailedPeers f = new FailedPeers(60_000);
    Random r = new Random(9);
    NodeId first = NodeId.random(r);
    f.failed(first, 0);
    for (int i = 0; i < FailedPeers.MAX_PEERS; i++) {
      f.failed(NodeId.random(r), 1);
    }
    assertThat(f.size()).isEqualTo(FailedPeers.MAX_PEERS);
    assertThat(f.isSuspect(first, 2)).isFalse();
  }

  @Test
  void negativeMemory_isRejected() {
    assertThatThrownBy(() -> new FailedPeers(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
