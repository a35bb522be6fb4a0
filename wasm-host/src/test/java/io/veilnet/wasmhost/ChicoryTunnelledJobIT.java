package io.veilnet.wasmhost;

class ChicoryTunnelledJobIT extends AbstractTunnelledJobIT {
  @Override
  RuntimeKind kind() {
    return RuntimeKind.CHICORY;
  }
}
