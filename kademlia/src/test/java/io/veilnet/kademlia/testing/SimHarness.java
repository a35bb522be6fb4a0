package io.veilnet.kademlia.testing;

import io.veilnet.kademlia.KademliaConfig;
import io.veilnet.kademlia.LookupResult;
import io.veilnet.kademlia.NodeId;
import io.veilnet.kademlia.NodeRecord;
import io.veilnet.kademlia.internal.SignatureVerifier;
import io.veilnet.kademlia.internal.Signer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.LongFunction;

/** Builds simulated networks and runs lookups over them; shared by tests and benches. */
public final class SimHarness {
  private SimHarness() {}

  /** Simulation defaults: no puzzle, fake signatures, 100 ms initial RPC timeout. */
  public static KademliaConfig simConfig() {
    return KademliaConfig.builder()
        .puzzleDifficulty(0)
        .rpcTimeout(Duration.ofMillis(200))
        .minRpcTimeout(Duration.ofMillis(20))
        .maxRpcTimeout(Duration.ofMillis(500))
        .lookupTimeout(Duration.ofSeconds(5))
        .build();
  }

  /**
   * A network of {@code n} nodes that joined one after another, each bootstrapping through a
   * random earlier node (self-lookup), {@code batch} joins at a time.
   */
  public static SimNetwork build(int n, long seed, KademliaConfig config, int batch) {
    return build(n, seed, config, batch, FakeSigner::new, FakeSigner.VERIFIER);
  }

  public static SimNetwork build(int n, long seed, KademliaConfig config, int batch,
      LongFunction<Signer> signers, SignatureVerifier verifier) {
    VirtualTime time = new VirtualTime(1_700_000_000_000L);
    SimNetwork net = new SimNetwork(time, seed, 1, 10, false);
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      net.add(config, signers.apply(seed * 1_000_003L + i), verifier);
    }
    List<SimNetwork.SimNode> nodes = net.nodes();
    int[] pending = {0};
    for (int i = 1; i < n; i += batch) {
      int end = Math.min(n, i + batch);
      for (int j = i; j < end; j++) {
        SimNetwork.SimNode joiner = nodes.get(j);
        NodeRecord seedRec = nodes.get(r.nextInt(Math.max(1, i))).record();
        pending[0]++;
        joiner.protocol().bootstrap(List.of(seedRec), res -> pending[0]--);
      }
      if (!time.runUntil(() -> pending[0] == 0, 60_000)) {
        throw new IllegalStateException("joins did not finish");
      }
    }
    return net;
  }

  /** Summary of many lookups. */
  public record Stats(int lookups, int[] rounds, int[] hits, long[] millis, long messages) {
    public double roundsPercentile(double p) {
      return percentile(rounds, p);
    }

    public double millisPercentile(double p) {
      long[] m = millis.clone();
      java.util.Arrays.sort(m);
      return m[(int) Math.min(m.length - 1, Math.floor(p * m.length))];
    }

    /** Fraction of lookups that found at least {@code min} of the true k closest. */
    public double fractionWithHits(int min) {
      int ok = 0;
      for (int h : hits) {
        if (h >= min) {
          ok++;
        }
      }
      return ok / (double) hits.length;
    }

    private static double percentile(int[] v, double p) {
      int[] s = v.clone();
      java.util.Arrays.sort(s);
      return s[(int) Math.min(s.length - 1, Math.floor(p * s.length))];
    }
  }

  /** Runs {@code count} lookups for random targets from random live nodes, {@code parallel} at a time. */
  public static Stats lookups(SimNetwork net, int count, int parallel, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    java.util.Random jr = new java.util.Random(seed);
    List<SimNetwork.SimNode> live = new ArrayList<>();
    for (SimNetwork.SimNode s : net.nodes()) {
      if (s.alive()) {
        live.add(s);
      }
    }
    int k = live.get(0).protocol().routingTable().k();
    int[] rounds = new int[count];
    int[] hits = new int[count];
    long[] millis = new long[count];
    long before = net.messages();
    int[] pending = {0};
    for (int i = 0; i < count; i += parallel) {
      int end = Math.min(count, i + parallel);
      for (int j = i; j < end; j++) {
        int idx = j;
        SimNetwork.SimNode from = live.get(r.nextInt(live.size()));
        NodeId target = NodeId.random(jr);
        Set<NodeId> truth = new HashSet<>(net.trueClosest(target, k));
        pending[0]++;
        from.protocol().findNode(target, (LookupResult res) -> {
          pending[0]--;
          rounds[idx] = res.trace().rounds();
          millis[idx] = res.trace().durationMillis();
          int h = 0;
          for (NodeRecord rec : res.closest()) {
            if (truth.contains(rec.nodeId())) {
              h++;
            }
          }
          // the origin itself is never in its own result: count it as found if it is a true one
          if (truth.contains(from.id())) {
            h++;
          }
          hits[idx] = h;
        });
      }
      if (!net.time().runUntil(() -> pending[0] == 0, 120_000)) {
        throw new IllegalStateException("lookups did not finish");
      }
    }
    return new Stats(count, rounds, hits, millis, net.messages() - before);
  }
}
