package io.veilnet.wasmhost;

class WasmtimeTunnelledJobIT extends AbstractTunnelledJobIT {
  @Override
  RuntimeKind kind() {
    return RuntimeKind.WASMTIME;
  }
}
