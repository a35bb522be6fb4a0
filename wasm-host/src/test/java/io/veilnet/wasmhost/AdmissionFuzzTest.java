package io.veilnet.wasmhost;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Hostile bytes at admission: mutated real modules must be admitted or refused with an
 * {@link AdmissionException} — never another exception, never a JVM abort (wasmtime included,
 * since native code only sees modules that passed our parser and Chicory's validator).
 */
class AdmissionFuzzTest {
  private final WasmRuntime chicory = WasmRuntime.create(RuntimeKind.CHICORY);
  private final WasmRuntime wasmtime = WasmRuntime.create(RuntimeKind.WASMTIME);

  private final WasmSandbox chicoryBox = WasmSandbox.builder().runtime(RuntimeKind.CHICORY).workers(1).build();
  private final WasmSandbox wasmtimeBox = WasmSandbox.builder().runtime(RuntimeKind.WASMTIME).workers(1).build();

  @AfterProperty
  void close() {
    chicory.close();
    wasmtime.close();
    chicoryBox.close();
    wasmtimeBox.close();
  }

  /** Outcome of one job, comparable across runtimes. */
  record Outcome(String kind, String detail, long fuel) {}

  static Outcome outcome(WasmSandbox box, byte[] module) {
    WasmJob job = WasmJob.of(module).input("Hello, fuzz".getBytes()).fuel(100_000)
        .memoryBytes(16L << 20).wallClock(java.time.Duration.ofSeconds(10));
    try {
      JobResult r = box.execute(job).block(java.time.Duration.ofSeconds(60));
      return new Outcome("ok", java.util.HexFormat.of().formatHex(r.output()), r.fuelUsed());
    } catch (LimitExceededException e) {
      return new Outcome("limit", e.limit().name(), 0);
    } catch (WasmException e) {
      return new Outcome(e.getClass().getSimpleName(), "", 0);
    }
  }

  /** Differential: an admitted mutant behaves the same on both runtimes (result, fuel, error kind). */
  @Property(tries = 600)
  void admittedMutant_runsTheSameOnBothRuntimes(@ForAll("mutations") Mutation m) {
    byte[] bytes = mutate(m);
    try {
      chicory.admit(bytes);
    } catch (AdmissionException e) {
      net.jqwik.api.statistics.Statistics.collect("refused");
      return; // covered by the property above
    }
    Outcome c = outcome(chicoryBox, bytes);
    net.jqwik.api.statistics.Statistics.collect("ran: " + c.kind() + (c.kind().equals("limit") ? " " + c.detail() : ""));
    assertThat(outcome(wasmtimeBox, bytes)).isEqualTo(c);
  }

  record Mutation(int module, int position, int value, int kind) {}

  @Provide
  Arbitrary<Mutation> mutations() {
    return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 1 << 16),
        Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, 2)).as(Mutation::new);
  }

  static byte[] mutate(Mutation m) {
    byte[] base = switch (m.module()) {
      case 0 -> Fixtures.wasm("echo_upper");
      case 1 -> Fixtures.example("wordcount");
      default -> Fixtures.wasm("fuel_model");
    };
    int at = m.position() % base.length;
    return switch (m.kind()) {
      case 0 -> { // overwrite one byte
        byte[] b = base.clone();
        b[at] = (byte) m.value();
        yield b;
      }
      case 1 -> java.util.Arrays.copyOf(base, at); // truncate
      default -> { // insert one byte
        byte[] b = new byte[base.length + 1];
        System.arraycopy(base, 0, b, 0, at);
        b[at] = (byte) m.value();
        System.arraycopy(base, at, b, at + 1, base.length - at);
        yield b;
      }
    };
  }

  @Property(tries = 300)
  void mutatedModule_isAdmittedOrRefusedCleanly(@ForAll("mutations") Mutation m) {
    byte[] bytes = mutate(m);
    for (WasmRuntime rt : new WasmRuntime[] {chicory, wasmtime}) {
      try {
        assertThat(rt.admit(bytes).id()).isEqualTo(ModuleId.of(bytes));
      } catch (AdmissionException e) {
        assertThat(e.getMessage()).startsWith("module rejected: ");
      }
    }
  }
}
