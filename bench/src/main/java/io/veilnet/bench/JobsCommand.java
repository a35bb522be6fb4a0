package io.veilnet.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "jobs", mixinStandardHelpOptions = true, description = "TODO")
public final class JobsCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return 0;
  }
}
