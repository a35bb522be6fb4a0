package io.veilnet.engine.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code veilnet keygen}: writes a node identity to a data dir. */
@Command(name = "keygen", mixinStandardHelpOptions = true, description = "Create a node identity in a data dir.")
final class KeygenCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new CliException(1, "keygen is not implemented yet");
  }
}
