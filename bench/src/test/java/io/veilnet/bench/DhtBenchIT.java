package io.veilnet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Smoke run of {@code bench dht} at N = 50 in-process through the command class: real loopback
 * sockets, one /24 per node, JSON with every contract field, charts, 100% success without churn.
 */
class DhtBenchIT {
  @Test
  void dhtBenchAt50Nodes_writesEveryContractField_andEveryLookupSucceeds(@TempDir Path dir)
      throws Exception {
    DhtCommand cmd = new DhtCommand();
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    cmd.out = new PrintStream(stdout, true, StandardCharsets.UTF_8);
    Path json = dir.resolve("dht.json");
    Path plots = dir.resolve("plots");
    // a 250 ms RPC-timeout floor keeps a shared, loaded CI machine from evicting live peers
    int rc = new CommandLine(cmd).execute("--nodes", "50", "--lookups", "200", "--quiet",
        "--min-rpc-timeout", "250", "--converge-timeout", "60", "--json", json.toString(),
        "--plot", plots.toString());

    assertThat(rc).isZero();
    Map<String, Object> report = cmd.result.report();
    String text = Files.readString(json);
    for (String name : Report.DHT_CONTRACT) {
      assertThat(Json.at(report, name)).as(name).isInstanceOf(Number.class);
      String leaf = name.substring(name.lastIndexOf('.') + 1);
      assertThat(text).as(name).contains("\"" + leaf + "\": ");
    }
    assertThat(text).contains("\"rounds\": {", "\"latency_ms\": {", "\"overlap\": {");
    assertThat(report.get("nodes")).isEqualTo(50);
    assertThat(report.get("lookups")).isEqualTo(200);
    assertThat((double) report.get("success_rate")).isEqualTo(1.0);
    assertThat(((Number) Json.at(report, "overlap.mean")).doubleValue()).isGreaterThan(18.0);
    assertThat(((Number) Json.at(report, "rounds.p50")).longValue()).isBetween(1L, 5L);
    assertThat(((Number) report.get("heap_bytes_per_node")).longValue()).isPositive();
    assertThat(((Number) report.get("messages_per_lookup")).doubleValue()).isGreaterThan(0);
    assertThat(report).doesNotContainKey("churn");
    assertThat(plots.resolve("latency-cdf.png")).isNotEmptyFile();
    assertThat(plots.resolve("rounds.png")).isNotEmptyFile();
    assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("success_rate", "100.00%");
  }
}
