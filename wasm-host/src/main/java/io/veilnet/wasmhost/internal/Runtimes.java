package io.veilnet.wasmhost.internal;

import io.veilnet.wasmhost.RuntimeKind;
import io.veilnet.wasmhost.WasmRuntime;

/** Factory behind {@link WasmRuntime#create}. */
public final class Runtimes {
  private Runtimes() {}

  public static WasmRuntime create(RuntimeKind kind) {
    return switch (kind) {
      case CHICORY -> new ChicoryRuntime();
      case WASMTIME -> new WasmtimeRuntime();
    };
  }
}
