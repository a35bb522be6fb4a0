package io.veilnet.wasmhost;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The same module and input burn the same fuel on Chicory and on wasmtime. */
class FuelParityTest {
  private static long fuel(RuntimeKind kind, byte[] module, byte[] input) {
    try (WasmSandbox s = WasmSandbox.builder().runtime(kind).workers(1).build()) {
      return s.execute(WasmJob.of(module).input(input)).block(Duration.ofSeconds(60)).fuelUsed();
    }
  }

  @Test
  void sameFuel_onBothRuntimes() {
    byte[] in = new byte[10_000];
    new Random(7).nextBytes(in);
    for (byte[] module : new byte[][] {Fixtures.example("sha256"), Fixtures.example("wordcount"),
        Fixtures.wasm("echo_upper"), Fixtures.wasm("fuel_model")}) {
      long chicory = fuel(RuntimeKind.CHICORY, module, in);
      long wasmtime = fuel(RuntimeKind.WASMTIME, module, in);
      assertThat(chicory).isPositive().isEqualTo(wasmtime);
    }
  }
}
