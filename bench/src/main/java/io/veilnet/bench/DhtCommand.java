package io.veilnet.bench;

import io.veilnet.engine.cli.CliException;
import io.veilnet.engine.cli.VeilnetCli;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code veilnet bench dht}: see {@link DhtBench}. */
@Command(name = "dht", mixinStandardHelpOptions = true,
    description = {"Start N Kademlia nodes on loopback (one /24 each) in this JVM, wait for the",
        "routing tables to converge, run L lookups of random targets from random nodes and",
        "report success, rounds, latency, overlap with the true 20 closest, messages, heap, CPU."})
public final class DhtCommand implements Callable<Integer> {
  @Option(names = "--nodes", required = true, paramLabel = "N", description = "Honest nodes (2..20000).")
  int nodes;

  @Option(names = "--lookups", required = true, paramLabel = "L", description = "Lookups to run.")
  int lookups;

  @Option(names = "--churn", paramLabel = "F", defaultValue = "0",
      description = "Kill this fraction abruptly, then measure gets and lookups at once and after one refresh.")
  double churn;

  @Option(names = "--alpha", paramLabel = "A", defaultValue = "3", description = "Lookup parallelism (default ${DEFAULT-VALUE}).")
  int alpha;

  @Option(names = "--disjoint", paramLabel = "D", defaultValue = "1", description = "Disjoint lookup paths (default ${DEFAULT-VALUE}).")
  int disjoint;

  @Option(names = "--adversaries", paramLabel = "F", defaultValue = "0",
      description = "Add F x N nodes that answer lookups only with each other.")
  double adversaries;

  @Option(names = "--concurrency", paramLabel = "C", defaultValue = "4", description = "Lookups in flight (default ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--puzzle", paramLabel = "BITS", defaultValue = "4",
      description = "S/Kademlia id puzzle difficulty (default ${DEFAULT-VALUE}; production uses 14).")
  int puzzle;

  @Option(names = "--seed", defaultValue = "1", description = "Seed for targets, sources and churn.")
  long seed;

  @Option(names = "--threads", paramLabel = "T", description = "Event-loop threads (default: cores).")
  Integer threads;

  @Option(names = "--converge-timeout", paramLabel = "SECONDS", defaultValue = "300",
      description = "Bound on the convergence wait (default ${DEFAULT-VALUE}).")
  int convergeSeconds;

  @Option(names = "--lookup-timeout", paramLabel = "SECONDS", defaultValue = "10",
      description = "Per-lookup deadline (default ${DEFAULT-VALUE}).")
  int lookupSeconds;

  @Option(names = "--warmup", paramLabel = "W", description = "Uncounted warm-up lookups first (default min(100, L)).")
  Integer warmup;

  @Option(names = "--min-rpc-timeout", paramLabel = "MS", defaultValue = "50",
      description = "Floor of the adaptive RPC timeout (default ${DEFAULT-VALUE}, the node default).")
  int minRpcTimeoutMs;

  @Option(names = "--records", paramLabel = "R", defaultValue = "200",
      description = "With --churn: records stored before it and fetched after (default ${DEFAULT-VALUE}).")
  int records;

  @Option(names = "--json", paramLabel = "FILE", description = "Write every figure as JSON.")
  Path json;

  @Option(names = "--plot", paramLabel = "DIR", description = "Write PNG charts into DIR.")
  Path plot;

  @Option(names = "--quiet", description = "No progress bar.")
  boolean quiet;

  PrintStream out = System.out;
  PrintStream err = System.err;

  /** The last run's result (for in-process callers such as tests). */
  DhtBench.Result result;

  @Override
  public Integer call() {
    DhtBench.Options o;
    try {
      o = new DhtBench.Options(nodes, lookups, churn, alpha, disjoint, adversaries, concurrency,
          puzzle, seed, Duration.ofSeconds(positive("--converge-timeout", convergeSeconds)),
          Duration.ofSeconds(positive("--lookup-timeout", lookupSeconds)),
          threads == null ? Math.max(1, Runtime.getRuntime().availableProcessors()) : threads,
          warmup == null ? Math.min(100, lookups) : warmup, Duration.ofMillis(minRpcTimeoutMs), records);
    } catch (IllegalArgumentException e) {
      throw new CliException(VeilnetCli.EXIT_USAGE, e.getMessage());
    }
    result = DhtBench.run(o, quiet ? Progress.none() : Progress.to(err, System.console() != null));
    Report.table(out, "bench dht", result.report(), Report.DHT_GOALS);
    if (json != null) {
      Report.writeJson(json, result.report());
      out.println("json: " + json);
    }
    if (plot != null) {
      List<Path> files = Plots.dht(plot, result);
      files.forEach(f -> out.println("plot: " + f));
    }
    return 0;
  }

  static int positive(String flag, int v) {
    if (v < 1) {
      throw new IllegalArgumentException(flag + " must be >= 1, got " + v);
    }
    return v;
  }
}
