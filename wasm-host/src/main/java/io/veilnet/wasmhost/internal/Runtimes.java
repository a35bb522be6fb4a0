package io.veilnet.wasmhost.internal;

import io.veilnet.wasmhost.RuntimeKind;
import io.veilnet.wasmhost.WasmRuntime;

/** Factory behind {@link WasmRuntime#create}. */
public final class Runtimes {
  private Runtimes() {}

  public static WasmRuntime create(RuntimeKind kind) {
    return create(kind, io.veilnet.wasmhost.Limits.defaults().stackBytes());
  }

  /** A runtime that accepts per-job stack budgets up to {@code stackBytes} (wasmtime: at most 1 MiB). */
  public static WasmRuntime create(RuntimeKind kind, long stackBytes) {
    return switch (kind) {
      case CHICORY -> new ChicoryRuntime();
      case WASMTIME -> new WasmtimeRuntime(stackBytes, 64);
    };
  }
}
