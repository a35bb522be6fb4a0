package io.veilnet.jmh.wasm;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import io.veilnet.jmh.AbstractMicrobenchmark;
import io.veilnet.wasmhost.internal.Admission;
import io.veilnet.wasmhost.internal.Instrumenter;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Cost of fuel metering: SHA-256 of 64 KiB in Chicory compiled mode, the same module with and
 * without our instrumentation (one instance reused, only {@code run} is timed). Goal: metered at
 * most 1.5x unmetered.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WasmMeteringBenchmark extends AbstractMicrobenchmark {
  @Param({"false", "true"})
  public boolean metered;

  private ExportFunction run;
  private int ptr;
  private final int len = 64 * 1024;

  @Setup
  public void setup() {
    byte[] original = WasmModules.load("sha256");
    byte[] bytes = metered ? Instrumenter.instrument(Admission.check(original), false) : original;
    WasmModule m = Parser.parse(bytes);
    Function<Instance, Machine> machine = MachineFactoryCompiler.builder(m).compile();
    Instance inst = Instance.builder(m).withMachineFactory(machine).build();
    if (metered) {
      inst.exports().global(Instrumenter.FUEL_EXPORT).setValue(Long.MAX_VALUE);
    }
    ptr = (int) inst.exports().function("alloc").apply(len)[0];
    byte[] data = new byte[len];
    new Random(1).nextBytes(data);
    inst.exports().memory("memory").write(ptr, data);
    run = inst.exports().function("run");
  }

  @Benchmark
  public long sha256_64KiB() {
    return run.apply(ptr, len)[0];
  }
}
