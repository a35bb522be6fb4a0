package io.veilnet.kademlia;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import reactor.core.publisher.Flux;

/**
 * 100 real nodes on distinct loopback addresses (127.0.1.1 ..), encrypted UDP, one JVM: bootstrap,
 * lookups against the ground-truth closest set, put/get and provide/findProviders across nodes,
 * then 30% abrupt churn after which every get still succeeds.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HundredNodeLoopbackIT {
  static final int N = 100;
  static final Duration T = Duration.ofSeconds(60);
  static KademliaResources resources;
  static final List<KademliaNode> nodes = new ArrayList<>();
  static final List<NodeId> keys = new ArrayList<>();
  static final Random random = new Random(42);

  @BeforeAll
  static void startAll() throws Exception {
    resources = KademliaResources.create(2);
    SecureRandom sr = new SecureRandom();
    for (int i = 0; i < N; i++) {
      KademliaConfig c = KademliaConfig.builder().puzzleDifficulty(4)
          .bindAddress(InetAddress.getByName("127.0.1." + (i + 1)))
          // A 200 ms floor under the adaptive timeouts: with 100 nodes on two shared threads of a
          // loaded CI core, the 50 ms default counted slow-but-live peers as failed.
          .minRpcTimeout(Duration.ofMillis(200))
          .rpcTimeout(Duration.ofMillis(500)).build();
      nodes.add(KademliaNode.start(NodeIdentity.generate(4, sr), c, resources).block(T));
    }
  }

  @AfterAll
  static void stopAll() {
    for (KademliaNode n : nodes) {
      if (!n.isDisposed()) {
        n.close();
      }
    }
    resources.close();
  }

  static List<KademliaNode> live() {
    return nodes.stream().filter(n -> !n.isDisposed()).collect(Collectors.toList());
  }

  static Set<NodeId> trueClosest(NodeId target, int k) {
    return live().stream().map(KademliaNode::id).sorted((a, b) -> target.compareDistance(a, b))
        .limit(k).collect(Collectors.toSet());
  }

  @Test
  @Order(1)
  void bootstrap_fillsRoutingTables() {
    NodeRecord seed = nodes.get(0).record();
    Flux.fromIterable(nodes.subList(1, N))
        .flatMap(n -> n.bootstrap(List.of(seed)), 8)
        .blockLast(T);
    // a second pass lets early joiners learn about later ones
    Flux.fromIterable(nodes).flatMap(n -> n.findNode(n.id()), 8).blockLast(T);
    int min = Integer.MAX_VALUE;
    for (KademliaNode n : nodes) {
      min = Math.min(min, n.stats().routingTableSize());
    }
    assertThat(min).isGreaterThanOrEqualTo(20);
  }

  @Test
  @Order(2)
  void lookups_returnTheTrueClosestSet() {
    int lookups = 100;
    int good = 0;
    List<Long> millis = new ArrayList<>();
    List<Integer> rounds = new ArrayList<>();
    for (int i = 0; i < lookups; i++) {
      KademliaNode from = nodes.get(random.nextInt(N));
      NodeId target = NodeId.random(random);
      Set<NodeId> truth = new HashSet<>(trueClosest(target, 20));
      LookupResult r = from.findNode(target).block(T);
      long hits = r.closest().stream().filter(x -> truth.contains(x.nodeId())).count()
          + (truth.contains(from.id()) ? 1 : 0);
      if (hits >= 19) {
        good++;
      }
      millis.add(r.trace().durationMillis());
      rounds.add(r.trace().rounds());
    }
    millis.sort(Comparator.naturalOrder());
    rounds.sort(Comparator.naturalOrder());
    System.out.printf("N=%d loopback lookups: >=19/20 %d/%d, rounds p50 %d max %d,"
            + " latency p50 %d ms p99 %d ms%n", N, good, lookups, rounds.get(lookups / 2),
        rounds.get(lookups - 1), millis.get(lookups / 2), millis.get(lookups * 99 / 100));
    assertThat(good).isGreaterThanOrEqualTo(98);
    assertThat(rounds.get(lookups / 2)).isLessThanOrEqualTo(3);
  }

  @Test
  @Order(3)
  void putOnOneNode_getOnAnother_andProviders() {
    for (int i = 0; i < 20; i++) {
      KademliaNode writer = nodes.get(random.nextInt(N));
      StoreResult put = writer.put(("k" + i).getBytes(StandardCharsets.UTF_8),
          ("v" + i).getBytes(StandardCharsets.UTF_8), Duration.ofHours(1)).block(T);
      assertThat(put.acks()).isGreaterThanOrEqualTo(12);
      keys.add(put.key());
      KademliaNode reader = nodes.get(random.nextInt(N));
      ValueRecord got = reader.get(put.key()).block(T);
      assertThat(got).isNotNull();
      assertThat(new String(got.value(), StandardCharsets.UTF_8)).isEqualTo("v" + i);
    }
    NodeId content = NodeId.random(random);
    List<KademliaNode> providers = List.of(nodes.get(3), nodes.get(50), nodes.get(77));
    for (KademliaNode p : providers) {
      assertThat(p.provide(content).block(T).acks()).isGreaterThanOrEqualTo(12);
    }
    List<NodeRecord> found = nodes.get(10).findProviders(content, 3).block(T);
    assertThat(found).extracting(NodeRecord::nodeId)
        .containsExactlyInAnyOrderElementsOf(providers.stream().map(KademliaNode::id).toList());
  }

  @Test
  @Order(4)
  void afterThirtyPercentAbruptChurn_getsStillSucceed() {
    List<KademliaNode> shuffled = new ArrayList<>(nodes);
    java.util.Collections.shuffle(shuffled, random);
    for (KademliaNode n : shuffled.subList(0, N * 30 / 100)) {
      n.dispose(); // abrupt: no goodbye, peers only see silence
    }
    List<KademliaNode> alive = live();
    assertThat(alive).hasSize(70);
    int ok = 0;
    List<Long> millis = new ArrayList<>();
    for (NodeId key : keys) {
      KademliaNode reader = alive.get(random.nextInt(alive.size()));
      long t0 = System.nanoTime();
      ValueRecord got = reader.get(key).block(T);
      millis.add((System.nanoTime() - t0) / 1_000_000);
      if (got != null) {
        ok++;
      }
    }
    millis.sort(Comparator.naturalOrder());
    System.out.printf("after 30%% churn: %d/%d gets succeeded, p50 %d ms max %d ms%n", ok,
        keys.size(), millis.get(millis.size() / 2), millis.get(millis.size() - 1));
    assertThat(ok).isEqualTo(keys.size());
  }
}
