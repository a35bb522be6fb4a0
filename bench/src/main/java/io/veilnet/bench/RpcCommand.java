package io.veilnet.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "rpc", mixinStandardHelpOptions = true, description = "TODO")
public final class RpcCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return 0;
  }
}
