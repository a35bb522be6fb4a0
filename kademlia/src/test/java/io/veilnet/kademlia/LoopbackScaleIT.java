package io.veilnet.kademlia;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import reactor.core.publisher.Flux;

/**
 * The performance workload on real loopback sockets, run on demand only:
 * {@code mvn -B -pl kademlia -am verify -Dit.test=LoopbackScaleIT -Dveilnet.scale=true
 * -Dtest=NoSuch -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
 * -Dveilnet.scale.n=1000 -Dtest.argLine=-Xmx4g}. Prints a table; asserts only sanity.
 */
@EnabledIfSystemProperty(named = "veilnet.scale", matches = "true")
class LoopbackScaleIT {

  static double pct(List<Long> sorted, double p) {
    return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
  }

  @Test
  void thousandNodesOnLoopback() throws Exception {
    int n = Integer.getInteger("veilnet.scale.n", 1_000);
    int lookups = Integer.getInteger("veilnet.scale.lookups", 2_000);
    Duration t = Duration.ofSeconds(120);
    SecureRandom sr = new SecureRandom();
    Random random = new Random(7);
    List<NodeIdentity> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(NodeIdentity.generate(0, sr));
    }
    System.gc();
    long heap0 = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    try (KademliaResources res = KademliaResources.create(2)) {
      List<KademliaNode> nodes = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        KademliaConfig c = KademliaConfig.builder().puzzleDifficulty(0).rateLimitEnabled(false)
            .rpcTimeout(Duration.ofMillis(300))
            .rekeyAfter(Duration.ofSeconds(Long.getLong("veilnet.scale.rekey", 120)))
            .sessionExpiry(Duration.ofSeconds(Long.getLong("veilnet.scale.rekey", 120) + 60))
            .bindAddress(InetAddress.getByName("127.1." + (i / 250) + "." + (i % 250 + 1)))
            .build();
        nodes.add(KademliaNode.start(ids.get(i), c, res).block(t));
      }
      NodeRecord seed = nodes.get(0).record();
      Flux.fromIterable(nodes.subList(1, n)).flatMap(x -> x.bootstrap(List.of(seed)), 16)
          .blockLast(t);
      Flux.fromIterable(nodes).flatMap(x -> x.findNode(x.id()), 16).blockLast(t);
      long t1 = System.nanoTime();
      System.gc();
      long heap1 = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();

      long hs0 = nodes.stream().mapToLong(x -> x.stats().handshakesCompleted()).sum();
      List<Long> lat = new ArrayList<>();
      List<Long> rounds = new ArrayList<>();
      int good = 0;
      List<NodeId> all = nodes.stream().map(KademliaNode::id).toList();
      for (int i = 0; i < lookups; i++) {
        KademliaNode from = nodes.get(random.nextInt(n));
        NodeId target = NodeId.random(random);
        List<NodeId> sorted = new ArrayList<>(all);
        sorted.sort(target::compareDistance);
        Set<NodeId> truth = new HashSet<>(sorted.subList(0, 20));
        long s = System.nanoTime();
        LookupResult r = from.findNode(target).block(t);
        lat.add((System.nanoTime() - s) / 1_000);
        rounds.add((long) r.trace().rounds());
        long hits = r.closest().stream().filter(x -> truth.contains(x.nodeId())).count()
            + (truth.contains(from.id()) ? 1 : 0);
        if (hits >= 19) {
          good++;
        }
      }
      long hs1 = nodes.stream().mapToLong(x -> x.stats().handshakesCompleted()).sum();
      System.out.printf("handshake sides per lookup: %.1f%n", (hs1 - hs0) / (double) lookups);
      Collections.sort(lat);
      Collections.sort(rounds);
      System.out.printf("N=%d join %.1f s, heap/node %d KB | lookups %d: rounds p50 %.0f p99 %.0f,"
              + " >=19/20 %.2f%%, latency p50 %.2f ms p99 %.2f ms%n", n, (t1 - t0) / 1e9,
          (heap1 - heap0) / n / 1024, lookups, pct(rounds, 0.5), pct(rounds, 0.99),
          100.0 * good / lookups, pct(lat, 0.5) / 1000, pct(lat, 0.99) / 1000);

      List<NodeId> keys = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        keys.add(nodes.get(random.nextInt(n)).put(("k" + i).getBytes(StandardCharsets.UTF_8),
            new byte[100], Duration.ofHours(1)).block(t).key());
      }
      List<KademliaNode> shuffled = new ArrayList<>(nodes);
      Collections.shuffle(shuffled, random);
      for (KademliaNode x : shuffled.subList(0, n * 30 / 100)) {
        x.dispose();
      }
      List<KademliaNode> alive = shuffled.subList(n * 30 / 100, n);
      int ok = 0;
      List<Long> glat = new ArrayList<>();
      for (NodeId key : keys) {
        long s = System.nanoTime();
        ValueRecord v = alive.get(random.nextInt(alive.size())).get(key).block(t);
        glat.add((System.nanoTime() - s) / 1_000);
        if (v != null) {
          ok++;
        }
      }
      Collections.sort(glat);
      System.out.printf("after 30%% churn: gets %d/%d (%.2f%%), latency p50 %.2f ms p99 %.2f ms%n",
          ok, keys.size(), 100.0 * ok / keys.size(), pct(glat, 0.5) / 1000, pct(glat, 0.99) / 1000);
      for (KademliaNode x : alive) {
        x.dispose();
      }
      assertThat(good).isGreaterThan(lookups / 2);
    }
  }
}
