package io.veilnet.bench;

import io.veilnet.engine.cli.CliException;
import io.veilnet.engine.cli.VeilnetCli;
import io.veilnet.wasmhost.RuntimeKind;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code veilnet bench jobs}: see {@link JobsBench}. */
@Command(name = "jobs", mixinStandardHelpOptions = true,
    description = "Run many small WASM jobs on the local sandbox; report jobs/s and latency.")
public final class JobsCommand implements Callable<Integer> {
  @Option(names = "--jobs", paramLabel = "J", defaultValue = "2000", description = "Jobs to run (default ${DEFAULT-VALUE}).")
  int jobs;

  @Option(names = "--runtime", paramLabel = "chicory|wasmtime", defaultValue = "chicory",
      description = "WASM runtime (default ${DEFAULT-VALUE}).")
  String runtime;

  @Option(names = "--workers", paramLabel = "W", description = "Worker threads (default: cores).")
  Integer workers;

  @Option(names = "--input-bytes", paramLabel = "B", defaultValue = "1024", description = "Input size per job (default ${DEFAULT-VALUE}).")
  int inputBytes;

  @Option(names = "--warmup", paramLabel = "J", defaultValue = "200", description = "Uncounted warm-up jobs (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--json", paramLabel = "FILE", description = "Write every figure as JSON.")
  Path json;

  @Option(names = "--quiet", description = "No progress bar.")
  boolean quiet;

  PrintStream out = System.out;
  PrintStream err = System.err;

  @Override
  public Integer call() {
    JobsBench.Options o;
    try {
      o = new JobsBench.Options(jobs, RuntimeKind.parse(runtime),
          workers == null ? Math.max(1, Runtime.getRuntime().availableProcessors()) : workers,
          inputBytes, warmup);
    } catch (IllegalArgumentException e) {
      throw new CliException(VeilnetCli.EXIT_USAGE, e.getMessage());
    }
    Map<String, Object> r = JobsBench.run(o,
        quiet ? Progress.none() : Progress.to(err, System.console() != null));
    Report.table(out, "bench jobs", r, Map.of());
    if (json != null) {
      Report.writeJson(json, r);
      out.println("json: " + json);
    }
    return 0;
  }
}
