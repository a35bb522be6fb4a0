package io.veilnet.wasmhost;

class WasmtimeConformanceTest extends AbstractRuntimeConformanceTest {
  @Override
  RuntimeKind kind() {
    return RuntimeKind.WASMTIME;
  }
}
