package io.veilnet.wasmhost;

import java.util.Locale;

/** A resource limit a job can hit. */
public enum Limit {
  FUEL,
  MEMORY,
  TIME,
  STACK;

  /** Lower-case name used in messages: {@code fuel}, {@code memory}, {@code time}, {@code stack}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
