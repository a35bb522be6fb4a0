package io.veilnet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class StatsTest {
  private static byte[] id(int v) {
    return new byte[] {(byte) v};
  }

  @Test
  void closest_ordersByXorDistance() {
    List<byte[]> ids = List.of(id(0b0000), id(0b0001), id(0b0100), id(0b1000), id(0b0111));
    List<byte[]> c = Stats.closest(ids, id(0b0101), 3);
    // distances: 0000->5, 0001->4, 0100->1, 1000->13, 0111->2
    assertThat(c).extracting(b -> (int) b[0]).containsExactly(0b0100, 0b0111, 0b0001);
  }

  @Test
  void closest_treatsIdsAsUnsigned() {
    List<byte[]> ids = List.of(id(0xff), id(0x01));
    assertThat(Stats.closest(ids, id(0x80), 1).get(0)[0]).isEqualTo((byte) 0xff);
  }

  @Test
  void closest_matchesBruteForceOnRandomIds() {
    Random r = new Random(1);
    List<byte[]> ids = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      byte[] b = new byte[32];
      r.nextBytes(b);
      ids.add(b);
    }
    byte[] target = new byte[32];
    r.nextBytes(target);
    List<byte[]> c = Stats.closest(ids, target, 20);
    assertThat(c).hasSize(20);
    java.math.BigInteger t = new java.math.BigInteger(1, target);
    java.math.BigInteger worst = new java.math.BigInteger(1, c.get(19)).xor(t);
    long closerOrEqual = ids.stream().filter(b -> new java.math.BigInteger(1, b).xor(t).compareTo(worst) <= 0).count();
    assertThat(closerOrEqual).isEqualTo(20);
  }

  @Test
  void overlap_countsDistinctMembersOfTheTruth() {
    List<byte[]> truth = List.of(id(1), id(2), id(3));
    assertThat(Stats.overlap(truth, List.of(id(3), id(4), id(1), id(1)))).isEqualTo(2);
    assertThat(Stats.overlap(truth, List.of())).isZero();
  }

  @Test
  void churnSelection_isReproducible_distinct_andSparesTheProtectedNode() {
    List<Integer> a = Stats.churnSelection(100, 0.3, 42, 0);
    assertThat(a).hasSize(30).doesNotHaveDuplicates().doesNotContain(0).allMatch(i -> i > 0 && i < 100);
    assertThat(Stats.churnSelection(100, 0.3, 42, 0)).isEqualTo(a);
    assertThat(Stats.churnSelection(100, 0.3, 43, 0)).isNotEqualTo(a);
    assertThat(Stats.churnSelection(10, 0.0, 1, 0)).isEmpty();
    assertThatThrownBy(() -> Stats.churnSelection(10, 1.0, 1, 0)).hasMessageContaining("[0, 1)");
  }

  @Test
  void percentiles_comeFromHdrHistogram() {
    Histogram h = Stats.latencyHistogram();
    for (int i = 1; i <= 1000; i++) {
      h.recordValue(i * 1000L); // 1..1000 ms in µs
    }
    assertThat(Stats.percentileMillis(h, 50)).isCloseTo(500, org.assertj.core.data.Offset.offset(1.0));
    assertThat(Stats.percentileMillis(h, 99)).isCloseTo(990, org.assertj.core.data.Offset.offset(2.0));
    assertThat(Stats.percentileMillis(Stats.latencyHistogram(), 50)).isNaN();
  }

  @Test
  void json_writesNestedObjectsAndEscapes() {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("nodes", 50);
    m.put("rate", 0.5);
    m.put("nan", Double.NaN);
    m.put("s", "a\"b\n");
    m.put("rounds", Map.of("p50", 2));
    m.put("list", List.of(1, 2));
    String json = Json.write(m);
    assertThat(json).contains("\"nodes\": 50", "\"rate\": 0.5", "\"nan\": null", "\"s\": \"a\\\"b\\n\"",
        "\"rounds\": {", "\"p50\": 2", "\"list\": [1, 2]");
  }

  @Test
  void closestIds_agreesWithTheBruteForceGroundTruth() {
    Random r = new Random(7);
    List<byte[]> raw = new ArrayList<>();
    List<io.veilnet.kademlia.NodeId> ids = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      io.veilnet.kademlia.NodeId id = io.veilnet.kademlia.NodeId.random(r);
      ids.add(id);
      raw.add(id.toBytes());
    }
    for (int t = 0; t < 20; t++) {
      io.veilnet.kademlia.NodeId target = io.veilnet.kademlia.NodeId.random(r);
      List<byte[]> expected = Stats.closest(raw, target.toBytes(), 20);
      assertThat(Stats.closestIds(ids, target, 20))
          .extracting(io.veilnet.kademlia.NodeId::toHex)
          .containsExactlyElementsOf(expected.stream()
              .map(b -> io.veilnet.kademlia.NodeId.of(b).toHex()).toList());
    }
    assertThat(Stats.closestIds(ids.subList(0, 3), ids.get(0), 20)).hasSize(3).first()
        .isEqualTo(ids.get(0));
    assertThatThrownBy(() -> Stats.closestIds(ids, ids.get(0), 0)).hasMessageContaining("k must be");
  }

  @Test
  void goodOverlapThreshold_is19_orOneLessThanASmallTruth() {
    assertThat(Stats.goodOverlapThreshold(20)).isEqualTo(19);
    assertThat(Stats.goodOverlapThreshold(5)).isEqualTo(4);
    assertThat(Stats.goodOverlapThreshold(0)).isZero();
  }

  @Test
  void rate_isNaNWhenNothingWasMeasured() {
    assertThat(Stats.rate(1, 4)).isEqualTo(0.25);
    assertThat(Stats.rate(0, 0)).isNaN();
  }

  @Test
  void nodeAddress_putsEveryNodeInItsOwnLoopbackSlash24() {
    java.util.Set<String> subnets = new java.util.HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      byte[] a = Stats.nodeAddress(i).getAddress();
      assertThat(a[0]).isEqualTo((byte) 127);
      assertThat(Stats.nodeAddress(i).isLoopbackAddress()).isTrue();
      subnets.add((a[1] & 0xff) + "." + (a[2] & 0xff));
    }
    assertThat(subnets).hasSize(2_000);
    assertThat(Stats.nodeAddress(Stats.MAX_NODES - 1).getAddress()[1]).isEqualTo((byte) 254);
    assertThatThrownBy(() -> Stats.nodeAddress(Stats.MAX_NODES)).hasMessageContaining("node index");
    assertThatThrownBy(() -> Stats.nodeAddress(-1)).hasMessageContaining("node index");
  }

  @Test
  void json_objectKeepsOrder_andAtReadsDottedNames() {
    Map<String, Object> m = Json.object("b", 1, "a", Json.object("p99", 2.5));
    assertThat(m.keySet()).containsExactly("b", "a");
    assertThat(Json.at(m, "a.p99")).isEqualTo(2.5);
    assertThat(Json.at(m, "b")).isEqualTo(1);
    assertThat(Json.at(m, "a.p50")).isNull();
    assertThat(Json.at(m, "b.x")).isNull();
    assertThatThrownBy(() -> Json.object("odd")).hasMessageContaining("pairs");
  }
}
