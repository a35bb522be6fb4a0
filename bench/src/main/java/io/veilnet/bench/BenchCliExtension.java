package io.veilnet.bench;

import io.veilnet.engine.cli.CliExtension;

/** Adds {@code ./veilnet bench ...} to the launcher (found by {@link java.util.ServiceLoader}). */
public final class BenchCliExtension implements CliExtension {
  @Override
  public Object command() {
    return new BenchCommand();
  }
}
