package io.veilnet.bench;

import io.veilnet.engine.cli.CliException;
import io.veilnet.engine.cli.VeilnetCli;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code veilnet bench files}: see {@link FilesBench}. */
@Command(name = "files", mixinStandardHelpOptions = true,
    description = {"Put a generated file through the file service on N nodes on loopback and get",
        "it back on another node (checked byte-identical); report put/get MB/s, time to first",
        "byte of the get, and a raw loopback TCP copy of the same bytes in the same run."})
public final class FilesCommand implements Callable<Integer> {
  /** The JSON fields external checks read (issue 7); more may be added, none renamed. */
  static final List<String> CONTRACT = List.of("put_mb_s", "get_mb_s", "raw_tcp_mb_s", "first_byte_ms");

  @Option(names = "--nodes", paramLabel = "N", defaultValue = "16", description = "Nodes (6..200, default ${DEFAULT-VALUE}).")
  int nodes;

  @Option(names = "--size-mib", paramLabel = "S", defaultValue = "256", description = "File size in MiB (default ${DEFAULT-VALUE}).")
  int sizeMiB;

  @Option(names = "--content", paramLabel = "random|text", defaultValue = "random",
      description = "Incompressible or compressible content (default ${DEFAULT-VALUE}).")
  String content;

  @Option(names = "--network", paramLabel = "kademlia|memory", defaultValue = "kademlia",
      description = "Real Kademlia nodes with the TCP blob channel, or the in-memory network (default ${DEFAULT-VALUE}).")
  String network;

  @Option(names = "--runs", paramLabel = "R", defaultValue = "1",
      description = "Put/get rounds; the headline figures are the last (default ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "900",
      description = "Bound on each put, get and raw copy (default ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(names = "--json", paramLabel = "FILE", description = "Write every figure as JSON.")
  Path json;

  @Option(names = "--quiet", description = "No progress bar.")
  boolean quiet;

  PrintStream out = System.out;
  PrintStream err = System.err;

  /** The last run's report (for in-process callers such as tests). */
  Map<String, Object> report;

  @Override
  public Integer call() {
    FilesBench.Options o;
    try {
      o = new FilesBench.Options(nodes, sizeMiB, FilesBench.Content.parse(content),
          FilesBench.Network.parse(network), runs,
          Duration.ofSeconds(DhtCommand.positive("--timeout", timeoutSeconds)));
    } catch (IllegalArgumentException e) {
      throw new CliException(VeilnetCli.EXIT_USAGE, e.getMessage());
    }
    try {
      report = FilesBench.run(o, quiet ? Progress.none() : Progress.to(err, System.console() != null));
    } catch (IllegalStateException e) {
      throw new CliException(VeilnetCli.EXIT_ERROR, e.getMessage(), e);
    }
    Report.table(out, "bench files", report, Report.FILES_GOALS);
    if (json != null) {
      Report.writeJson(json, report);
      out.println("json: " + json);
    }
    return 0;
  }
}
