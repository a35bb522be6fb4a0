package io.veilnet.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders a report (nested maps) as a table on stdout and as a JSON file. */
final class Report {
  private Report() {}

  /** Nested maps flattened to dotted names ({@code latency_ms.p99}), in order. */
  static Map<String, Object> flatten(Map<String, ?> report) {
    Map<String, Object> out = new LinkedHashMap<>();
    flatten("", report, out);
    return out;
  }

  private static void flatten(String prefix, Map<String, ?> m, Map<String, Object> out) {
    for (Map.Entry<String, ?> e : m.entrySet()) {
      String name = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      if (e.getValue() instanceof Map<?, ?> sub) {
        @SuppressWarnings("unchecked")
        Map<String, ?> s = (Map<String, ?>) sub;
        flatten(name, s, out);
      } else {
        out.put(name, e.getValue());
      }
    }
  }

  /** A value as the table shows it: rates as percentages, doubles with 3 significant decimals. */
  static String format(String name, Object v) {
    if (v instanceof Double d) {
      if (!Double.isFinite(d)) {
        return "n/a";
      }
      if (name.contains("success_rate") || name.contains("frac_")) {
        return String.format("%.2f%%", d * 100);
      }
      return Math.abs(d) >= 100 ? String.format("%.0f", d) : String.format("%.3f", d);
    }
    return String.valueOf(v);
  }

  /** Prints {@code title} and one aligned row per figure; {@code goals} adds a third column. */
  static void table(PrintStream out, String title, Map<String, ?> report, Map<String, String> goals) {
    Map<String, Object> flat = flatten(report);
    int w = flat.keySet().stream().mapToInt(String::length).max().orElse(10);
    out.println(title);
    out.println("-".repeat(Math.min(100, w + 40)));
    for (Map.Entry<String, Object> e : flat.entrySet()) {
      if (e.getValue() instanceof List<?> list) {
        for (int i = 0; i < list.size(); i++) {
          out.printf("%-" + w + "s  %s%n", e.getKey() + "[" + i + "]", row(list.get(i)));
        }
        continue;
      }
      String goal = goals.getOrDefault(e.getKey(), "");
      out.printf("%-" + w + "s  %-16s %s%n", e.getKey(), format(e.getKey(), e.getValue()),
          goal.isEmpty() ? "" : "goal " + goal);
    }
    out.flush();
  }

  /** A list item (usually a map of figures) on one line: {@code phase=kad window=4 ...}. */
  static String row(Object item) {
    if (!(item instanceof Map<?, ?> m)) {
      return String.valueOf(item);
    }
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (sb.length() > 0) {
        sb.append("  ");
      }
      Object v = e.getValue();
      sb.append(e.getKey()).append('=').append(v instanceof Double d && Double.isFinite(d)
          ? (Math.abs(d) >= 100 ? String.format("%.0f", d) : String.format("%.2f", d))
          : String.valueOf(v));
    }
    return sb.toString();
  }

  static void writeJson(Path file, Map<String, ?> report) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, Json.write(report), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Targets from the Kademlia issue (issue 3), shown beside the figures. */
  static final Map<String, String> DHT_GOALS = Map.of(
      "rounds.p50", "<= 3 (N=1000)",
      "rounds.p99", "<= 5 (N=1000)",
      "overlap.frac_ge_19", ">= 99.9%",
      "latency_ms.p50", "<= 5 ms",
      "latency_ms.p99", "<= 25 ms",
      "churn.success_rate_immediate", ">= 99.5% (30% churn)",
      "churn.success_rate_after_refresh", ">= 99.5% (30% churn)",
      "heap_bytes_per_node", "<= 256000 (idle, N=1000)");

  /** Target from the storage issue (issue 5). */
  static final Map<String, String> FILES_GOALS = Map.of("put_mb_s_per_core", ">= 250 (put pipeline)");

  static final Map<String, String> RPC_GOALS = Map.of("ratio", ">= 0.5");

  static final List<String> DHT_CONTRACT = List.of("nodes", "lookups", "converge_ms",
      "success_rate", "rounds.p50", "rounds.p99", "latency_ms.p50", "latency_ms.p99",
      "latency_ms.p999", "overlap.mean", "overlap.frac_ge_19", "messages_per_lookup",
      "heap_bytes_per_node");
}
