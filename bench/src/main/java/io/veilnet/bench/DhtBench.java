package io.veilnet.bench;

import io.veilnet.kademlia.KademliaConfig;
import io.veilnet.kademlia.KademliaNode;
import io.veilnet.kademlia.KademliaResources;
import io.veilnet.kademlia.LookupResult;
import io.veilnet.kademlia.NodeId;
import io.veilnet.kademlia.NodeIdentity;
import io.veilnet.kademlia.NodeRecord;
import io.veilnet.kademlia.StoreResult;
import io.veilnet.kademlia.ValueRecord;
import io.veilnet.kademlia.internal.DefaultKademliaNode;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.HdrHistogram.Histogram;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code bench dht}: N Kademlia nodes in this JVM on real loopback sockets (one /24 each), a
 * convergence wait, L lookups of random targets from random nodes with bounded concurrency, each
 * compared with the ground-truth closest set; optionally abrupt churn (with gets of records stored
 * before it) and eclipse adversaries. Every phase is bounded in count and time.
 *
 * <p>A lookup <em>succeeds</em> when it completes before its deadline and its result (plus the
 * asking node itself) holds the live honest node truly closest to the target, i.e. a record
 * stored there would be found. Its <em>overlap</em> is how many of the true 20 closest live
 * nodes it returned.
 */
public final class DhtBench {
  /** Replicas per key and the size of the ground-truth set. */
  static final int K = 20;

  /** Settings of one run, checked on construction (messages name the flags). */
  public record Options(int nodes, int lookups, double churn, int alpha, int disjoint,
      double adversaries, int concurrency, int puzzle, long seed, Duration convergeTimeout,
      Duration lookupTimeout, int threads, int warmup, Duration minRpcTimeout, int records) {
    public Options {
      check(nodes >= 2 && nodes <= 20_000, "--nodes must be 2..20000, got " + nodes);
      check(lookups >= 1 && lookups <= 1_000_000, "--lookups must be 1..1000000, got " + lookups);
      check(churn >= 0 && churn < 0.9, "--churn must be in [0, 0.9), got " + churn);
      check(alpha >= 1 && alpha <= 16, "--alpha must be 1..16, got " + alpha);
      check(disjoint >= 1 && disjoint <= 8, "--disjoint must be 1..8, got " + disjoint);
      check(adversaries >= 0 && adversaries <= 1, "--adversaries must be in [0, 1], got " + adversaries);
      check(concurrency >= 1 && concurrency <= 1_024, "--concurrency must be 1..1024, got " + concurrency);
      check(puzzle >= 0 && puzzle <= 16, "--puzzle must be 0..16, got " + puzzle);
      check(threads >= 1 && threads <= 64, "--threads must be 1..64, got " + threads);
      check(warmup >= 0 && warmup <= 100_000, "--warmup must be 0..100000, got " + warmup);
      check(records >= 1 && records <= 100_000, "--records must be 1..100000, got " + records);
      Objects.requireNonNull(minRpcTimeout, "minRpcTimeout");
      check(minRpcTimeout.toMillis() >= 1 && minRpcTimeout.toMillis() <= 2_000,
          "--min-rpc-timeout must be 1..2000 ms, got " + minRpcTimeout.toMillis());
      Objects.requireNonNull(convergeTimeout, "convergeTimeout");
      Objects.requireNonNull(lookupTimeout, "lookupTimeout");
      check(!convergeTimeout.isNegative() && !convergeTimeout.isZero(), "--converge-timeout must be > 0");
      check(!lookupTimeout.isNegative() && !lookupTimeout.isZero(), "--lookup-timeout must be > 0");
      check(nodes + adversaryCount(nodes, adversaries) <= Stats.MAX_NODES, "too many nodes in all");
    }

    /** Defaults for {@code nodes} and {@code lookups}; no churn, no adversaries. */
    public static Options of(int nodes, int lookups) {
      return new Options(nodes, lookups, 0, 3, 1, 0, 4, 4, 1, Duration.ofSeconds(120),
          Duration.ofSeconds(10), Math.max(1, Runtime.getRuntime().availableProcessors()),
          Math.min(100, lookups), Duration.ofMillis(50), 200);
    }

    /** A copy with other churn, adversaries and concurrency. */
    public Options with(double churn, double adversaries, int concurrency) {
      return new Options(nodes, lookups, churn, alpha, disjoint, adversaries, concurrency, puzzle,
          seed, convergeTimeout, lookupTimeout, threads, warmup, minRpcTimeout, records);
    }

    public int adversaryCount() {
      return adversaryCount(nodes, adversaries);
    }

    private static int adversaryCount(int nodes, double fraction) {
      return (int) Math.round(fraction * nodes);
    }

    private static void check(boolean ok, String message) {
      if (!ok) {
        throw new IllegalArgumentException(message);
      }
    }
  }

  /** One lookup's raw outcome; overlap and success are computed off the event loops. */
  record Sample(NodeId from, NodeId target, List<NodeId> found, int rounds, int messages,
      long micros, boolean completed) {}

  /** Aggregates of one batch of lookups. */
  public record LookupStats(long count, long successes, Histogram latencyMicros, Histogram rounds,
      double overlapMean, long goodOverlap, double messagesPerLookup) {
    public double successRate() {
      return Stats.rate(successes, count);
    }

    public double fracGoodOverlap() {
      return Stats.rate(goodOverlap, count);
    }
  }

  /** Everything a run measured: the JSON-ready report and the data behind the plots. */
  public record Result(Map<String, Object> report, LookupStats lookups, LookupStats churnImmediate,
      LookupStats churnAfterRefresh, double getsBefore, double getsImmediate,
      double getsAfterRefresh) {}

  private final Options o;
  private final Progress progress;
  private final Random random;
  private final List<KademliaNode> honest = new ArrayList<>();
  private final List<KademliaNode> adversaries = new ArrayList<>();

  private DhtBench(Options o, Progress progress) {
    this.o = o;
    this.progress = progress;
    this.random = new Random(o.seed());
  }

  /** Runs the benchmark and tears every node down; blocks, bounded by the option timeouts. */
  public static Result run(Options options, Progress progress) {
    return new DhtBench(Objects.requireNonNull(options, "options"),
        Objects.requireNonNull(progress, "progress")).run();
  }

  private Result run() {
    long cpu0 = cpuNanos();
    long wall0 = System.nanoTime();
    long heapBefore = usedHeapAfterGc();
    int total = o.nodes() + o.adversaryCount();
    try (KademliaResources resources = KademliaResources.create(o.threads())) {
      try {
        start(resources, total);
        long convergeStart = System.nanoTime();
        Map<String, Object> convergence = converge();
        long convergeMs = (System.nanoTime() - convergeStart) / 1_000_000;
        if (!adversaries.isEmpty()) {
          turnAdversarial();
        }
        long heapAfter = usedHeapAfterGc();
        if (o.warmup() > 0) {
          lookups("warm-up", o.warmup()); // JIT and sessions; not counted
        }
        long handshakes0 = handshakes();
        long cpuLookups0 = cpuNanos();
        long wallLookups0 = System.nanoTime();
        LookupStats main = lookups("lookups", o.lookups());
        long lookupCpuMs = (cpuNanos() - cpuLookups0) / 1_000_000;
        long lookupWallMs = (System.nanoTime() - wallLookups0) / 1_000_000;
        double handshakesPerLookup = (double) (handshakes() - handshakes0) / main.count();

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("benchmark", "dht");
        r.put("nodes", o.nodes());
        r.put("lookups", o.lookups());
        r.put("converge_ms", convergeMs);
        r.put("success_rate", main.successRate());
        r.put("rounds", Json.object("p50", main.rounds().getValueAtPercentile(50),
            "p99", main.rounds().getValueAtPercentile(99), "max", main.rounds().getMaxValue()));
        r.put("latency_ms", latency(main.latencyMicros()));
        r.put("overlap", Json.object("mean", main.overlapMean(), "frac_ge_19", main.fracGoodOverlap()));
        r.put("messages_per_lookup", main.messagesPerLookup());
        r.put("handshakes_per_lookup", handshakesPerLookup);
        r.put("heap_bytes_per_node", Math.max(0, heapAfter - heapBefore) / total);
        r.put("alpha", o.alpha());
        r.put("disjoint", o.disjoint());
        r.put("concurrency", o.concurrency());
        r.put("warmup_lookups", o.warmup());
        r.put("min_rpc_timeout_ms", o.minRpcTimeout().toMillis());
        r.put("convergence", convergence);
        r.put("drops", drops());
        r.put("lookups_per_sec", main.count() * 1000.0 / Math.max(1, lookupWallMs));
        r.put("cpu_ms", Json.object("lookups", lookupCpuMs, "per_lookup",
            (double) lookupCpuMs / main.count()));
        if (!adversaries.isEmpty()) {
          r.put("adversaries", Json.object("fraction", o.adversaries(), "count", adversaries.size()));
        }
        LookupStats ci = null;
        LookupStats ca = null;
        double gb = Double.NaN;
        double gi = Double.NaN;
        double ga = Double.NaN;
        if (o.churn() > 0) {
          List<NodeId> keys = putRecords();
          gb = gets("gets", keys);
          kill();
          gi = gets("gets (churn)", keys);
          ci = lookups("lookups (churn)", o.lookups());
          refresh();
          ga = gets("gets (refresh)", keys);
          ca = lookups("lookups (refresh)", o.lookups());
          Map<String, Object> c = new LinkedHashMap<>();
          c.put("fraction", o.churn());
          c.put("killed", o.nodes() - liveHonest().size());
          c.put("success_rate_immediate", gi);
          c.put("success_rate_after_refresh", ga);
          c.put("records", keys.size());
          c.put("success_rate_before", gb);
          c.put("lookup_success_rate_immediate", ci.successRate());
          c.put("lookup_success_rate_after_refresh", ca.successRate());
          c.put("latency_ms_immediate", latency(ci.latencyMicros()));
          c.put("latency_ms_after_refresh", latency(ca.latencyMicros()));
          c.put("overlap_mean_immediate", ci.overlapMean());
          c.put("overlap_frac_ge_19_immediate", ci.fracGoodOverlap());
          c.put("overlap_mean_after_refresh", ca.overlapMean());
          c.put("overlap_frac_ge_19_after_refresh", ca.fracGoodOverlap());
          r.put("churn", c);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> cpu = (Map<String, Object>) r.get("cpu_ms");
        cpu.put("total", (cpuNanos() - cpu0) / 1_000_000);
        r.put("wall_ms", (System.nanoTime() - wall0) / 1_000_000);
        r.put("machine", machine());
        return new Result(r, main, ci, ca, gb, gi, ga);
      } finally {
        stopAll();
      }
    }
  }

  // ------------------------------------------------------------------ phases

  private void start(KademliaResources resources, int total) {
    progress.phase("start", total);
    SecureRandom sr = new SecureRandom();
    KademliaConfig base = KademliaConfig.builder()
        .puzzleDifficulty(o.puzzle())
        .alpha(o.alpha())
        .disjointPaths(o.disjoint())
        .exemptLoopback(false) // every node has its own /24, so the diversity rules apply as live
        .lookupTimeout(o.lookupTimeout())
        .minRpcTimeout(o.minRpcTimeout())
        .build();
    Duration bound = Duration.ofSeconds(30);
    for (int i = 0; i < total; i++) {
      KademliaConfig c = base.toBuilder().bindAddress(Stats.nodeAddress(i)).build();
      KademliaNode n = KademliaNode.start(NodeIdentity.generate(o.puzzle(), sr), c, resources)
          .block(bound);
      (i < o.nodes() ? honest : adversaries).add(n);
      progress.step();
    }
    progress.end();
  }

  /**
   * Joins every node through the first node (plus a random earlier one), then repeats self-lookup
   * passes until every routing table holds at least min(k, N - 1) peers: at least one pass, at
   * most five, within {@code convergeTimeout}.
   */
  private Map<String, Object> converge() {
    List<KademliaNode> all = all();
    long deadline = System.nanoTime() + o.convergeTimeout().toNanos();
    progress.phase("bootstrap", all.size() - 1);
    NodeRecord seed = all.get(0).record();
    List<List<NodeRecord>> seeds = new ArrayList<>();
    for (int i = 1; i < all.size(); i++) {
      NodeRecord extra = all.get(random.nextInt(i)).record();
      seeds.add(extra.equals(seed) ? List.of(seed) : List.of(seed, extra));
    }
    Flux.range(1, all.size() - 1)
        .flatMap(i -> all.get(i).bootstrap(seeds.get(i - 1))
            .onErrorResume(e -> Mono.empty())
            .doFinally(s -> progress.step()), joinConcurrency())
        .then().block(remaining(deadline));
    progress.end();
    int want = Math.min(K, all.size() - 1);
    int passes = 0;
    int min = minTable(all);
    while (passes < 5 && System.nanoTime() < deadline && (passes == 0 || min < want)) {
      passes++;
      progress.phase("converge " + passes, all.size());
      Flux.fromIterable(all)
          .flatMap(n -> n.findNode(n.id()).onErrorResume(e -> Mono.empty())
              .doFinally(s -> progress.step()), joinConcurrency())
          .then().block(remaining(deadline));
      progress.end();
      min = minTable(all);
    }
    double mean = all.stream().mapToInt(n -> n.stats().routingTableSize()).average().orElse(0);
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("passes", passes);
    c.put("converged", min >= want);
    c.put("routing_table_min", min);
    c.put("routing_table_mean", mean);
    return c;
  }

  /** Adversaries answer every referral with the k adversaries closest to the target. */
  private void turnAdversarial() {
    List<NodeRecord> gang = adversaries.stream().map(KademliaNode::record).toList();
    for (KademliaNode a : adversaries) {
      NodeId self = a.id();
      ((DefaultKademliaNode) a).overrideReferrals((target, k) -> {
        List<NodeId> ids = Stats.closestIds(
            gang.stream().map(NodeRecord::nodeId).filter(x -> !x.equals(self)).toList(), target, k);
        Set<NodeId> pick = new HashSet<>(ids);
        return gang.stream().filter(g -> pick.contains(g.nodeId())).toList();
      }).block(Duration.ofSeconds(10));
    }
  }

  LookupStats lookups(String phase, int count) {
    List<KademliaNode> sources = liveHonest();
    List<NodeId> targets = new ArrayList<>(count);
    List<KademliaNode> from = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      targets.add(NodeId.random(random));
      from.add(sources.get(random.nextInt(sources.size())));
    }
    Duration each = o.lookupTimeout().plusSeconds(5);
    // the whole phase: at most count / concurrency lookups in a row, each bounded by `each`
    Duration bound = each.multipliedBy(count / o.concurrency() + 2);
    progress.phase(phase, count);
    List<Sample> samples = Flux.range(0, count)
        .flatMap(i -> lookup(from.get(i), targets.get(i), each)
            .doFinally(s -> progress.step()), o.concurrency())
        .collectList().block(bound);
    progress.end();
    List<NodeId> liveAll = new ArrayList<>(sources.stream().map(KademliaNode::id).toList());
    adversaries.forEach(a -> liveAll.add(a.id()));
    return summarize(samples, liveAll, sources.stream().map(KademliaNode::id).toList());
  }

  private static Mono<Sample> lookup(KademliaNode from, NodeId target, Duration bound) {
    return Mono.defer(() -> {
      long t0 = System.nanoTime();
      return from.findNode(target).timeout(bound)
          .map(r -> sample(from, target, r, (System.nanoTime() - t0) / 1_000))
          .onErrorResume(e -> Mono.just(new Sample(from.id(), target, List.of(), 0, 0,
              (System.nanoTime() - t0) / 1_000, false)));
    });
  }

  private static Sample sample(KademliaNode from, NodeId target, LookupResult r, long micros) {
    List<NodeId> found = new ArrayList<>(r.closest().size());
    for (NodeRecord n : r.closest()) {
      found.add(n.nodeId());
    }
    return new Sample(from.id(), target, found, r.trace().rounds(),
        r.trace().peersAsked() + r.trace().responses(), micros, !r.trace().timedOut());
  }

  /**
   * Overlap is measured against the true k closest of all live nodes ({@code ids}); success asks
   * for the live honest node closest to the target ({@code honestIds}), so adversaries that only
   * name each other show up as failures.
   */
  static LookupStats summarize(List<Sample> samples, List<NodeId> ids, List<NodeId> honestIds) {
    Histogram latency = Stats.latencyHistogram();
    Histogram rounds = Stats.countHistogram();
    long ok = 0;
    long good = 0;
    long overlapSum = 0;
    long messages = 0;
    for (Sample s : samples) {
      List<NodeId> truth = Stats.closestIds(ids, s.target(), K);
      Set<NodeId> found = new HashSet<>(s.found());
      found.add(s.from());
      int overlap = 0;
      for (NodeId t : truth) {
        if (found.contains(t)) {
          overlap++;
        }
      }
      overlapSum += overlap;
      if (overlap >= Stats.goodOverlapThreshold(truth.size())) {
        good++;
      }
      List<NodeId> closestHonest = honestIds.size() == ids.size() ? truth
          : Stats.closestIds(honestIds, s.target(), 1);
      if (s.completed() && !closestHonest.isEmpty() && found.contains(closestHonest.get(0))) {
        ok++;
      }
      latency.recordValue(Math.max(1, s.micros()));
      rounds.recordValue(s.rounds());
      messages += s.messages();
    }
    int n = samples.size();
    return new LookupStats(n, ok, latency, rounds, n == 0 ? Double.NaN : (double) overlapSum / n,
        good, n == 0 ? Double.NaN : (double) messages / n);
  }

  /** Stores records from random honest nodes (before churn), so gets can be checked after it. */
  private List<NodeId> putRecords() {
    int count = o.records();
    List<KademliaNode> live = liveHonest();
    progress.phase("put", count);
    List<NodeId> keys = Flux.range(0, count)
        .flatMap(i -> {
          KademliaNode w = live.get(random.nextInt(live.size()));
          return w.put(("bench-" + i).getBytes(StandardCharsets.UTF_8),
                  ("value-" + i).getBytes(StandardCharsets.UTF_8), Duration.ofHours(1))
              .timeout(o.lookupTimeout().plusSeconds(5))
              .map(StoreResult::key)
              .onErrorResume(e -> Mono.empty())
              .doFinally(s -> progress.step());
        }, o.concurrency())
        .collectList().block(o.lookupTimeout().plusSeconds(5).multipliedBy(count + 1));
    progress.end();
    return keys;
  }

  /** Abrupt churn: the chosen honest nodes unbind without a word (never node 0, the seed). */
  private void kill() {
    for (int i : Stats.churnSelection(honest.size(), o.churn(), o.seed(), 0)) {
      honest.get(i).dispose();
    }
  }

  private double gets(String phase, List<NodeId> keys) {
    List<KademliaNode> live = liveHonest();
    List<KademliaNode> readers = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      readers.add(live.get(random.nextInt(live.size())));
    }
    Duration each = o.lookupTimeout().plusSeconds(5);
    progress.phase(phase, keys.size());
    long ok = Flux.range(0, keys.size())
        .flatMap(i -> readers.get(i).get(keys.get(i)).timeout(each)
            .map(ValueRecord::value).map(v -> 1).onErrorResume(e -> Mono.empty())
            .doFinally(s -> progress.step()), o.concurrency())
        .count().block(each.multipliedBy(keys.size() + 1));
    progress.end();
    return Stats.rate(ok, keys.size());
  }

  /** One refresh round: every live node looks itself up (what the periodic refresh does). */
  private void refresh() {
    List<KademliaNode> live = new ArrayList<>(liveHonest());
    live.addAll(adversaries);
    Duration each = o.lookupTimeout().plusSeconds(5);
    progress.phase("refresh", live.size());
    Flux.fromIterable(live)
        .flatMap(n -> n.findNode(n.id()).timeout(each).onErrorResume(e -> Mono.empty())
            .doFinally(s -> progress.step()), joinConcurrency())
        .then().block(each.multipliedBy(live.size() / joinConcurrency() + 2));
    progress.end();
  }

  private void stopAll() {
    for (KademliaNode n : all()) {
      if (!n.isDisposed()) {
        n.dispose();
      }
    }
    for (KademliaNode n : all()) {
      n.onClose().block(Duration.ofSeconds(5));
    }
  }

  // ------------------------------------------------------------------ helpers

  /** Joins and refreshes are not measured, so they may run wider than the lookups. */
  private int joinConcurrency() {
    return Math.max(8, o.concurrency());
  }

  private List<KademliaNode> all() {
    List<KademliaNode> a = new ArrayList<>(honest);
    a.addAll(adversaries);
    return a;
  }

  private List<KademliaNode> liveHonest() {
    return honest.stream().filter(n -> !n.isDisposed()).toList();
  }

  /** Noise handshakes started by all nodes so far (each costs several X25519 agreements). */
  private long handshakes() {
    long n = 0;
    for (KademliaNode x : all()) {
      if (!x.isDisposed()) {
        n += x.stats().handshakesStarted();
      }
    }
    return n;
  }

  /** Inbound datagrams dropped, by reason, summed over all nodes (rate limits, replays...). */
  private Map<String, Object> drops() {
    Map<String, Long> sum = new java.util.TreeMap<>();
    for (KademliaNode n : all()) {
      n.stats().drops().forEach((k, v) -> sum.merge(k, v, Long::sum));
    }
    return new LinkedHashMap<>(sum);
  }

  private static int minTable(List<KademliaNode> nodes) {
    return nodes.stream().mapToInt(n -> n.stats().routingTableSize()).min().orElse(0);
  }

  private static Duration remaining(long deadlineNanos) {
    return Duration.ofNanos(Math.max(1_000_000, deadlineNanos - System.nanoTime()));
  }

  static Map<String, Object> latency(Histogram micros) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("p50", Stats.percentileMillis(micros, 50));
    m.put("p99", Stats.percentileMillis(micros, 99));
    m.put("p999", Stats.percentileMillis(micros, 99.9));
    m.put("max", micros.getTotalCount() == 0 ? Double.NaN : micros.getMaxValue() / 1000.0);
    return m;
  }

  static long cpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** Heap in use after a few full collections (best effort: the JVM may ignore the hint). */
  static long usedHeapAfterGc() {
    var mem = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      used = Math.min(used, mem.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  static Map<String, Object> machine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    return m;
  }
}
