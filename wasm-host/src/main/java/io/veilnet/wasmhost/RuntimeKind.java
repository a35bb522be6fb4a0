package io.veilnet.wasmhost;

import java.util.Locale;

/** The WASM engines behind {@link WasmRuntime}. */
public enum RuntimeKind {
  /** Chicory (pure Java, compiled to JVM bytecode): the default. */
  CHICORY,
  /** wasmtime-java (native). */
  WASMTIME;

  /** Parses {@code chicory} or {@code wasmtime} (case-insensitive). */
  public static RuntimeKind parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("unknown runtime '" + s + "', expected chicory or wasmtime");
    }
  }
}
