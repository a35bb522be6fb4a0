package io.veilnet.bench;

import io.veilnet.engine.cli.CliException;
import io.veilnet.engine.cli.VeilnetCli;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code veilnet bench rpc}: see {@link RpcBench}. */
@Command(name = "rpc", mixinStandardHelpOptions = true,
    description = {"Load one node with encrypted requests from a separate JVM at rising windows of",
        "outstanding requests, then a raw UDP echo of the same datagram size; report sustained",
        "pairs/s per server core and the ratio."})
public final class RpcCommand implements Callable<Integer> {
  @Option(names = "--op", required = true, paramLabel = "ping|find_node", description = "Request type.")
  String op;

  @Option(names = "--seconds", required = true, paramLabel = "S",
      description = "Time for each phase (encrypted, then raw echo), split over the windows.")
  int seconds;

  @Option(names = "--windows", paramLabel = "W,W,...", split = ",", defaultValue = "1,4,16,64",
      description = "Outstanding-request windows, rising (default ${DEFAULT-VALUE}).")
  List<Integer> windows;

  @Option(names = "--json", paramLabel = "FILE", description = "Write every figure as JSON.")
  Path json;

  @Option(names = "--quiet", description = "No progress bar.")
  boolean quiet;

  PrintStream out = System.out;
  PrintStream err = System.err;

  @Override
  public Integer call() {
    RpcBench.Options o;
    try {
      o = new RpcBench.Options(op, seconds, windows);
    } catch (IllegalArgumentException e) {
      throw new CliException(VeilnetCli.EXIT_USAGE, e.getMessage());
    }
    Map<String, Object> r = RpcBench.run(o,
        quiet ? Progress.none() : Progress.to(err, System.console() != null));
    Report.table(out, "bench rpc", r, Report.RPC_GOALS);
    if (json != null) {
      Report.writeJson(json, r);
      out.println("json: " + json);
    }
    return 0;
  }
}
