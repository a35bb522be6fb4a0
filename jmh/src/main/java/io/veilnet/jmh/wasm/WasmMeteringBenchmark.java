package io.veilnet.jmh.wasm;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import io.github.kawamuray.wasmtime.Config;
import io.github.kawamuray.wasmtime.Engine;
import io.github.kawamuray.wasmtime.Extern;
import io.github.kawamuray.wasmtime.Func;
import io.github.kawamuray.wasmtime.Memory;
import io.github.kawamuray.wasmtime.MemoryType;
import io.github.kawamuray.wasmtime.Store;
import io.github.kawamuray.wasmtime.Val;
import io.veilnet.jmh.AbstractMicrobenchmark;
import io.veilnet.wasmhost.internal.Admission;
import io.veilnet.wasmhost.internal.Instrumenter;
import io.veilnet.wasmhost.internal.WasmtimeNative;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Cost of fuel metering: SHA-256 of 64 KiB, the same module with and without our
 * instrumentation, on Chicory (compiled) and on wasmtime. One instance is reused; only {@code run}
 * is timed. Goal: metered at most 1.5x unmetered.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WasmMeteringBenchmark extends AbstractMicrobenchmark {
  @Param({"CHICORY", "WASMTIME"})
  public String runtime;

  @Param({"false", "true"})
  public boolean metered;

  private final int len = 64 * 1024;
  private int ptr;
  private ExportFunction chicoryRun;
  // wasmtime handles, owned here and disposed in tearDown (reverse order)
  private Engine engine;
  private Store<Void> store;
  private io.github.kawamuray.wasmtime.Module module;
  private Memory memory;
  private io.github.kawamuray.wasmtime.Instance instance;
  private Func alloc;
  private Func wasmtimeRun;

  @Setup
  public void setup() {
    byte[] original = WasmModules.load("sha256");
    byte[] data = new byte[len];
    new Random(1).nextBytes(data);
    if (runtime.equals("CHICORY")) {
      byte[] bytes = metered ? Instrumenter.instrument(Admission.check(original), false) : original;
      WasmModule m = Parser.parse(bytes);
      Function<Instance, Machine> machine = MachineFactoryCompiler.builder(m).compile();
      Instance inst = Instance.builder(m).withMachineFactory(machine).build();
      if (metered) {
        inst.exports().global(Instrumenter.FUEL_EXPORT).setValue(Long.MAX_VALUE);
        inst.exports().global(Instrumenter.STACK_EXPORT).setValue(Integer.MAX_VALUE);
      }
      ptr = (int) inst.exports().function("alloc").apply(len)[0];
      inst.exports().memory("memory").write(ptr, data);
      chicoryRun = inst.exports().function("run");
      return;
    }
    WasmtimeNative.ensureLoaded();
    byte[] bytes = metered ? Instrumenter.instrument(Admission.check(original), true) : original;
    engine = new Engine(new Config().maxWasmStack(256 * 1024)); // far below the JMH thread's stack
    store = new Store<>(null, engine);
    module = io.github.kawamuray.wasmtime.Module.fromBinary(engine, bytes);
    if (metered) {
      memory = new Memory(store, new MemoryType(2, 4096, false));
      instance = new io.github.kawamuray.wasmtime.Instance(store, module, List.of(Extern.fromMemory(memory)));
      // the entry point sets the fuel counter and the stack budget, then calls alloc
      alloc = instance.getFunc(store, Instrumenter.ALLOC_ENTRY_EXPORT).orElseThrow();
      long job = ((long) Integer.MAX_VALUE << 32) | len; // stack budget, input length
      ptr = alloc.call(store, Val.fromI64(Long.MAX_VALUE), Val.fromI64(job))[0].i32();
    } else {
      instance = new io.github.kawamuray.wasmtime.Instance(store, module, List.of());
      memory = instance.getMemory(store, "memory").orElseThrow();
    }
    if (!metered) {
      alloc = instance.getFunc(store, "alloc").orElseThrow();
      ptr = alloc.call(store, Val.fromI32(len))[0].i32();
    }
    wasmtimeRun = instance.getFunc(store, "run").orElseThrow();
    memory.buffer(store).put(ptr, data);
  }

  @TearDown
  public void tearDown() {
    if (engine == null) {
      return;
    }
    wasmtimeRun.dispose();
    alloc.dispose();
    instance.dispose();
    memory.dispose();
    module.dispose();
    store.dispose();
    engine.dispose();
  }

  @Benchmark
  public long sha256_64KiB() {
    if (chicoryRun != null) {
      return chicoryRun.apply(ptr, len)[0];
    }
    return wasmtimeRun.call(store, Val.fromI32(ptr), Val.fromI32(len))[0].i64();
  }
}
