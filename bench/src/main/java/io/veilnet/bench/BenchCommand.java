package io.veilnet.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code veilnet bench}: whole-system load tests that print a table and can write JSON and plots. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Load-test harness: many nodes on loopback, RPC load, jobs, file storage.",
    subcommands = {DhtCommand.class, RpcCommand.class, JobsCommand.class, FilesCommand.class})
public final class BenchCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
