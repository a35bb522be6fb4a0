package io.veilnet.kademlia.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.veilnet.kademlia.NodeId;
import io.veilnet.kademlia.NodeRecord;
import io.veilnet.kademlia.testing.TestRecords;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RoutingTableTest {
  static final long NOW = 1_700_000_000_000L;

  /** Fake records whose ids fall in bucket {@code bucket} of {@code self}. */
  static List<NodeRecord> inBucket(NodeId self, int bucket, int count, String hostPrefix) {
    List<NodeRecord> out = new ArrayList<>();
    for (long s = 0; out.size() < count; s++) {
      NodeRecord r = TestRecords.fake(s * 7919 + bucket, hostPrefix + (out.size() % 250 + 1), NOW);
      if (self.commonPrefixLength(r.nodeId()) == bucket) {
        out.add(r);
      }
    }
    return out;
  }

  static RoutingTable table(NodeId self, int k, boolean exemptLoopback) {
    return new RoutingTable(self, k, 2, 10, exemptLoopback, 2, NOW);
  }

  final NodeId self = NodeId.random(new Random(5));

  @Test
  void fullBucket_pingsOldest_andKeepsItWhenAlive() {
    RoutingTable t = table(self, 4, true);
    List<NodeRecord> rs = inBucket(self, 0, 6, "127.0.0.");
    for (int i = 0; i < 4; i++) {
      assertThat(t.offer(rs.get(i), NOW + i)).isEqualTo(RoutingTable.Outcome.ADDED);
    }
    assertThat(t.offer(rs.get(4), NOW + 10)).isEqualTo(RoutingTable.Outcome.PING_OLDEST);
    assertThat(t.pendingPing()).isEqualTo(rs.get(0));
    assertThat(t.offer(rs.get(5), NOW + 11)).isEqualTo(RoutingTable.Outcome.CACHED);
    t.markAlive(rs.get(0).nodeId(), NOW + 12);
    assertThat(t.bucket(0)).containsExactly(rs.get(1), rs.get(2), rs.get(3), rs.get(0));
    assertThat(t.replacements(0)).containsExactly(rs.get(4), rs.get(5));
  }

  @Test
  void deadOldest_isEvicted_andFreshestReplacementPromoted() {
    RoutingTable t = table(self, 4, true);
    List<NodeRecord> rs = inBucket(self, 0, 6, "127.0.0.");
    for (int i = 0; i < 6; i++) {
      t.offer(rs.get(i), NOW + i);
    }
    assertThat(t.markFailed(rs.get(0).nodeId(), NOW + 20)).isTrue();
    assertThat(t.contains(rs.get(0).nodeId())).isFalse();
    assertThat(t.contains(rs.get(5).nodeId())).isTrue();
    assertThat(t.size()).isEqualTo(4);
    assertThat(t.evictions()).isEqualTo(1);
  }

  @Test
  void singleFailure_isToleratedUntilMaxFailures() {
    RoutingTable t = table(self, 4, true);
    NodeRecord r = inBucket(self, 3, 1, "127.0.0.").get(0);
    t.offer(r, NOW);
    assertThat(t.markFailed(r.nodeId(), NOW)).isFalse();
    assertThat(t.markFailed(r.nodeId(), NOW)).isTrue();
  }

  @Test
  void closestResponsive_putsPeersWhoseLastRequestFailed_afterAllOthers() {
    RoutingTable t = table(self, 20, true);
    NodeId target = NodeId.random(new Random(77));
    List<NodeRecord> all = new ArrayList<>();
    for (int b = 0; b < 6; b++) {
      all.addAll(inBucket(self, b, 4, "127.0." + b + "."));
    }
    all.forEach(r -> t.offer(r, NOW));
    List<NodeRecord> byDistance = t.closest(target, all.size());
    NodeRecord failing = byDistance.get(0);
    t.markFailed(failing.nodeId(), NOW); // one failure: still in the table
    assertThat(t.contains(failing.nodeId())).isTrue();
    assertThat(t.closest(target, 5)).contains(failing);
    assertThat(t.closestResponsive(target, 5)).doesNotContain(failing)
        .containsExactlyElementsOf(byDistance.subList(1, 6));
    // too few others: the failing peer tops the list up, in distance order
    assertThat(t.closestResponsive(target, all.size())).containsExactlyElementsOf(byDistance);
    t.markAlive(failing.nodeId(), NOW + 1);
    assertThat(t.closestResponsive(target, 5)).containsExactlyElementsOf(byDistance.subList(0, 5));
  }

  @Test
  void ipDiversity_atMostTwoPerSubnetPerBucket_andTenPerTable() {
    RoutingTable t = table(self, 20, true);
    List<NodeRecord> same24 = inBucket(self, 0, 3, "10.1.2.");
    assertThat(t.offer(same24.get(0), NOW)).isEqualTo(RoutingTable.Outcome.ADDED);
    assertThat(t.offer(same24.get(1), NOW)).isEqualTo(RoutingTable.Outcome.ADDED);
    assertThat(t.offer(same24.get(2), NOW)).isEqualTo(RoutingTable.Outcome.REJECTED_DIVERSITY);
    int added = 2;
    for (int b = 1; b < 12; b++) {
      for (NodeRecord r : inBucket(self, b, 2, "10.1.2.")) {
        if (t.offer(r, NOW) == RoutingTable.Outcome.ADDED) {
          added++;
        }
      }
    }
    assertThat(added).isEqualTo(10);
    assertThat(t.rejectedDiversity()).isGreaterThan(0);
  }

  @Test
  void loopback_isExemptOnlyWhenConfigured() {
    RoutingTable exempt = table(self, 20, true);
    RoutingTable strict = table(self, 20, false);
    int e = 0;
    int s = 0;
    for (NodeRecord r : inBucket(self, 0, 5, "127.0.0.")) {
      e += exempt.offer(r, NOW) == RoutingTable.Outcome.ADDED ? 1 : 0;
      s += strict.offer(r, NOW) == RoutingTable.Outcome.ADDED ? 1 : 0;
    }
    assertThat(e).isEqualTo(5);
    assertThat(s).isEqualTo(2);
  }

  @Test
  void closest_matchesBruteForce() {
    RoutingTable t = table(self, 20, true);
    List<NodeRecord> all = new ArrayList<>();
    for (int s = 0; s < 2_000; s++) {
      NodeRecord r = TestRecords.fake(1_000_000 + s, "127.0.0.1", NOW);
      if (t.offer(r, NOW) == RoutingTable.Outcome.ADDED) {
        all.add(r);
      }
    }
    Random rnd = new Random(3);
    for (int i = 0; i < 50; i++) {
      NodeId target = i == 0 ? self : NodeId.random(rnd);
      List<NodeRecord> expect = new ArrayList<>(all);
      expect.sort((a, b) -> target.compareDistance(a.nodeId(), b.nodeId()));
      assertThat(t.closest(target, 20)).containsExactlyElementsOf(expect.subList(0, 20));
    }
  }

  @Test
  void idleBuckets_areReportedAfterTheInterval_andTouchResets() {
    RoutingTable t = table(self, 20, true);
    for (NodeRecord r : inBucket(self, 2, 1, "127.0.0.")) {
      t.offer(r, NOW);
    }
    assertThat(t.idleBuckets(NOW + 1_000, 600_000)).isEmpty();
    assertThat(t.idleBuckets(NOW + 600_000, 600_000)).containsExactly(0, 1, 2);
    t.touchBucket(1, NOW + 600_000);
    assertThat(t.idleBuckets(NOW + 600_000, 600_000)).containsExactly(0, 2);
  }

  @Test
  void newerRecordReplacesOlder_andSelfIsRefused() {
    RoutingTable t = table(self, 20, true);
    var id = TestRecords.identity(3);
    NodeRecord r1 = TestRecords.record(id, "127.0.0.1", 4000, 1, NOW);
    NodeRecord r2 = TestRecords.record(id, "127.0.0.2", 4000, 2, NOW);
    t.offer(r1, NOW);
    assertThat(t.offer(r2, NOW)).isEqualTo(RoutingTable.Outcome.UPDATED);
    assertThat(t.get(id.nodeId())).isEqualTo(r2);
    assertThat(t.offer(r1, NOW)).isEqualTo(RoutingTable.Outcome.UPDATED);
    assertThat(t.get(id.nodeId())).isEqualTo(r2);
    RoutingTable own = table(id.nodeId(), 20, true);
    assertThat(own.offer(r1, NOW)).isEqualTo(RoutingTable.Outcome.REJECTED_SELF);
  }
}
