package io.veilnet.wasmhost;

class ChicoryConformanceTest extends AbstractRuntimeConformanceTest {
  @Override
  RuntimeKind kind() {
    return RuntimeKind.CHICORY;
  }
}
