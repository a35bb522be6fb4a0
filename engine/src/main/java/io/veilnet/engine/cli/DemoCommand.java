package io.veilnet.engine.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code veilnet demo}: the demo network. Not built yet; says so instead of pretending. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Run a demo network on this machine (not built yet).")
final class DemoCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new CliException(1,
        "the demo network is not built yet (it needs the node, which lands with the Kademlia and node issues);"
            + " what works today: keygen, and the crypto module's tests (mvn -B verify)");
  }
}
