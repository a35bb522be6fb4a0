package io.veilnet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veilnet.engine.cli.VeilnetCli;
import io.veilnet.kademlia.NodeId;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The harness's logic without sockets: summaries, reports, flags, the progress bar. */
class HarnessTest {
  private final Random random = new Random(3);

  private List<NodeId> ids(int n) {
    List<NodeId> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(NodeId.random(random));
    }
    return ids;
  }

  @Test
  void summarize_countsOverlapWithTheTruth_andSuccessOnlyWhenTheClosestIsFound() {
    List<NodeId> ids = ids(100);
    NodeId target = NodeId.random(random);
    List<NodeId> truth = Stats.closestIds(ids, target, 20);
    NodeId from = truth.get(19); // the asker counts as found, like a real lookup result
    List<DhtBench.Sample> samples = List.of(
        // perfect: 19 found + the asker
        new DhtBench.Sample(from, target, truth.subList(0, 19), 2, 40, 3_000, true),
        // misses the closest: overlap 18 + asker = 19, good overlap but not a success
        new DhtBench.Sample(from, target, truth.subList(1, 19), 3, 44, 5_000, true),
        // timed out with the right answer: not a success
        new DhtBench.Sample(from, target, truth, 9, 60, 10_000_000, false),
        // failed outright
        new DhtBench.Sample(ids.get(0), target, List.of(), 0, 0, 7_000, false));
    DhtBench.LookupStats s = DhtBench.summarize(samples, ids, ids);
    assertThat(s.count()).isEqualTo(4);
    assertThat(s.successes()).isEqualTo(1);
    assertThat(s.successRate()).isEqualTo(0.25);
    int askerInTruth = truth.contains(ids.get(0)) ? 1 : 0;
    assertThat(s.overlapMean()).isEqualTo((20 + 19 + 20 + askerInTruth) / 4.0);
    assertThat(s.goodOverlap()).isEqualTo(3);
    assertThat(s.messagesPerLookup()).isEqualTo((40 + 44 + 60) / 4.0);
    assertThat(s.rounds().getMaxValue()).isEqualTo(9);
    assertThat(s.latencyMicros().getTotalCount()).isEqualTo(4);
  }

  @Test
  void summarize_withAdversaries_succeedsOnlyWhenTheClosestHonestNodeIsFound() {
    List<NodeId> honest = ids(60);
    List<NodeId> all = new ArrayList<>(honest);
    all.addAll(ids(20));
    NodeId target = NodeId.random(random);
    List<NodeId> truthAll = Stats.closestIds(all, target, 20);
    NodeId closestHonest = Stats.closestIds(honest, target, 1).get(0);
    List<NodeId> withoutHonest = truthAll.stream().filter(x -> !x.equals(closestHonest)).toList();
    NodeId asker = honest.stream().filter(x -> !truthAll.contains(x)).findFirst().orElseThrow();
    DhtBench.LookupStats s = DhtBench.summarize(List.of(
        new DhtBench.Sample(asker, target, truthAll, 2, 40, 1_000, true),
        new DhtBench.Sample(asker, target, withoutHonest, 2, 40, 1_000, true)), all, honest);
    assertThat(s.successes()).isEqualTo(1);
    assertThat(s.overlapMean()).isEqualTo((20 + 19) / 2.0);
  }

  @Test
  void summarize_ofNothing_isNaN() {
    DhtBench.LookupStats s = DhtBench.summarize(List.of(), ids(5), ids(5));
    assertThat(s.successRate()).isNaN();
    assertThat(s.overlapMean()).isNaN();
  }

  @Test
  void dhtOptions_rejectOutOfRangeValues_namingTheFlag() {
    DhtBench.Options ok = DhtBench.Options.of(50, 10);
    assertThat(ok.warmup()).isEqualTo(10);
    assertThat(ok.with(0.3, 0.1, 8).adversaryCount()).isEqualTo(5);
    assertThatThrownBy(() -> DhtBench.Options.of(1, 10)).hasMessageContaining("--nodes");
    assertThatThrownBy(() -> DhtBench.Options.of(50, 0)).hasMessageContaining("--lookups");
    assertThatThrownBy(() -> ok.with(0.95, 0, 4)).hasMessageContaining("--churn");
    assertThatThrownBy(() -> ok.with(0, -0.1, 4)).hasMessageContaining("--adversaries");
    assertThatThrownBy(() -> ok.with(0, 0, 0)).hasMessageContaining("--concurrency");
    assertThatThrownBy(() -> new DhtBench.Options(50, 10, 0, 3, 1, 0, 4, 4, 1,
        Duration.ofSeconds(1), Duration.ofSeconds(1), 2, 0, Duration.ofMillis(5_000), 10))
        .hasMessageContaining("--min-rpc-timeout");
  }

  @Test
  void badFlags_giveOneLineAndExit2() {
    for (String[] args : List.of(
        new String[] {"bench", "dht", "--nodes", "1", "--lookups", "5"},
        new String[] {"bench", "dht", "--nodes", "10", "--lookups", "5", "--churn", "2"},
        new String[] {"bench", "dht", "--nodes", "x", "--lookups", "5"},
        new String[] {"bench", "dht", "--lookups", "5"},
        new String[] {"bench", "rpc", "--op", "store", "--seconds", "2"},
        new String[] {"bench", "jobs", "--runtime", "v8"},
        new String[] {"bench", "files", "--nodes", "2"},
        new String[] {"bench", "files", "--size-mib", "0"},
        new String[] {"bench", "files", "--size-mib", "many"},
        new String[] {"bench", "files", "--content", "zeros"},
        new String[] {"bench", "files", "--network", "udp"},
        new String[] {"bench", "files", "--runs", "0"},
        new String[] {"bench", "files", "--timeout", "0"},
        new String[] {"bench", "files", "--nodes", "8", "--bogus"})) {
      StringWriter err = new StringWriter();
      int rc = VeilnetCli.execute(args, new PrintWriter(new StringWriter()), new PrintWriter(err));
      assertThat(rc).as(String.join(" ", args)).isEqualTo(2);
      assertThat(err.toString()).startsWith("veilnet: ");
      assertThat(err.toString().lines().findFirst().orElseThrow()).doesNotContain("Exception");
    }
  }

  @Test
  void benchCommand_isRegisteredThroughServiceLoader() {
    StringWriter out = new StringWriter();
    int rc = VeilnetCli.execute(new String[] {"bench", "--help"}, new PrintWriter(out),
        new PrintWriter(new StringWriter()));
    assertThat(rc).isZero();
    assertThat(out.toString()).contains("dht", "rpc", "jobs", "files");
  }

  @Test
  void report_flattensToContractNames_andFormatsRates() {
    Map<String, Object> r = Json.object("success_rate", 0.999, "latency_ms",
        Json.object("p50", 1.23456, "p99", Double.NaN), "nodes", 50);
    assertThat(Report.flatten(r).keySet()).containsExactly("success_rate", "latency_ms.p50",
        "latency_ms.p99", "nodes");
    assertThat(Report.format("success_rate", 0.999)).isEqualTo("99.90%");
    assertThat(Report.format("latency_ms.p50", 1.23456)).isEqualTo("1.235");
    assertThat(Report.format("latency_ms.p99", Double.NaN)).isEqualTo("n/a");
    assertThat(Report.format("nodes", 50)).isEqualTo("50");
  }

  @Test
  void rpcReport_usesTheBestStepOfEachPhase_perServerCoreSecond() {
    List<RpcBench.Step> steps = List.of(
        RpcBench.step("kad", 1, 1_000, 1_000_000_000L, 250_000_000L),
        RpcBench.step("kad", 16, 8_000, 1_000_000_000L, 1_000_000_000L),
        RpcBench.step("echo", 1, 4_000, 1_000_000_000L, 200_000_000L),
        RpcBench.step("echo", 16, 40_000, 1_000_000_000L, 1_000_000_000L));
    assertThat(steps.get(0).pairsPerCoreSec()).isEqualTo(4_000);
    assertThat(steps.get(0).serverCores()).isEqualTo(0.25);
    Map<String, Object> r = RpcBench.report(new RpcBench.Options("ping", 2, List.of(1, 16)), steps);
    assertThat(r.get("pairs_per_sec_per_core")).isEqualTo(8_000.0);
    assertThat(r.get("raw_udp_echo_pairs_per_sec_per_core")).isEqualTo(40_000.0);
    assertThat((double) r.get("ratio")).isEqualTo(0.2);
    assertThatThrownBy(() -> new RpcBench.Options("ping", 0, List.of(1)))
        .hasMessageContaining("--seconds");
  }

  @Test
  void progressBar_showsPhaseFractionAndCounts() {
    assertThat(Progress.bar("lookups", 50, 100)).startsWith("lookups").contains("50%", "50/100")
        .contains("#".repeat(15) + ".".repeat(15));
    assertThat(Progress.bar("x", 500, 100)).contains("100%");
  }

  @Test
  void jobsOptions_rejectOutOfRangeValues() {
    assertThatThrownBy(() -> new JobsBench.Options(0, io.veilnet.wasmhost.RuntimeKind.CHICORY, 1, 1, 0))
        .hasMessageContaining("--jobs");
    assertThat(JobsBench.module()).startsWith(0, 'a', 's', 'm');
  }

  @Test
  void filesOptions_rejectOutOfRangeValues_namingTheFlag() {
    java.time.Duration t = java.time.Duration.ofSeconds(60);
    FilesBench.Content r = FilesBench.Content.RANDOM;
    FilesBench.Network k = FilesBench.Network.KADEMLIA;
    assertThat(new FilesBench.Options(16, 256, r, k, 1, t).bytes()).isEqualTo(256L << 20);
    assertThatThrownBy(() -> new FilesBench.Options(5, 1, r, k, 1, t)).hasMessageContaining("--nodes");
    assertThatThrownBy(() -> new FilesBench.Options(201, 1, r, k, 1, t)).hasMessageContaining("--nodes");
    assertThatThrownBy(() -> new FilesBench.Options(8, 65_537, r, k, 1, t)).hasMessageContaining("--size-mib");
    assertThatThrownBy(() -> new FilesBench.Options(8, 1, r, k, 21, t)).hasMessageContaining("--runs");
    assertThatThrownBy(() -> new FilesBench.Options(8, 1, r, k, 1, java.time.Duration.ZERO))
        .hasMessageContaining("--timeout");
    assertThat(FilesBench.Content.parse("TEXT")).isEqualTo(FilesBench.Content.TEXT);
    assertThat(FilesBench.Network.parse("memory")).isEqualTo(FilesBench.Network.MEMORY);
    assertThatThrownBy(() -> FilesBench.Network.parse("udp")).hasMessageContaining("--network");
  }

  @Test
  void filesSource_yieldsExactlyTheSize_sameBytesEveryTime() {
    long size = 3 * 65_536 + 13;
    for (FilesBench.Content c : FilesBench.Content.values()) {
      byte[] a = concat(FilesBench.source(size, c).collectList().block());
      byte[] b = concat(FilesBench.source(size, c).collectList().block());
      assertThat(a).hasSize((int) size).isEqualTo(b);
    }
    byte[] text = concat(FilesBench.source(100, FilesBench.Content.TEXT).collectList().block());
    assertThat(new String(text, java.nio.charset.StandardCharsets.US_ASCII)).startsWith("Veilnet file");
  }

  private static byte[] concat(List<java.nio.ByteBuffer> buffers) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (java.nio.ByteBuffer b : buffers) {
      byte[] x = new byte[b.remaining()];
      b.get(x);
      out.writeBytes(x);
    }
    return out.toByteArray();
  }
}
