package io.veilnet.jmh.wasm;

import io.github.kawamuray.wasmtime.Config;
import io.github.kawamuray.wasmtime.Engine;
import io.github.kawamuray.wasmtime.Extern;
import io.github.kawamuray.wasmtime.Func;
import io.github.kawamuray.wasmtime.Instance;
import io.github.kawamuray.wasmtime.Memory;
import io.github.kawamuray.wasmtime.MemoryType;
import io.github.kawamuray.wasmtime.Module;
import io.github.kawamuray.wasmtime.Store;
import io.github.kawamuray.wasmtime.Val;
import io.veilnet.wasmhost.AdmittedModule;
import io.veilnet.wasmhost.Limits;
import io.veilnet.wasmhost.RuntimeKind;
import io.veilnet.wasmhost.WasmRuntime;
import io.veilnet.wasmhost.internal.Admission;
import io.veilnet.wasmhost.internal.Instrumenter;
import io.veilnet.wasmhost.internal.WasmWorkerThread;
import io.veilnet.wasmhost.internal.WasmtimeNative;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Thread CPU time per job, which contention on a shared machine disturbs less than wall time
 * (JMH's {@code WasmRunBenchmark}). Run from the repository root:
 *
 * <pre>
 * java -cp jmh/target/benchmarks.jar io.veilnet.jmh.wasm.WasmJobCpuTime jobs [WASMTIME|CHICORY] [blocks] [blockSize]
 * java -cp jmh/target/benchmarks.jar io.veilnet.jmh.wasm.WasmJobCpuTime calls [blocks] [blockSize]
 * </pre>
 *
 * {@code jobs}: {@code WasmRuntime.run} of the 64-byte word count (as {@code WasmRunBenchmark}) on
 * a sandbox worker thread, in blocks; prints the minimum and median of the per-block means.
 * {@code calls}: the cost of one wasmtime-java {@code Func.call} by number of parameters and
 * results (the injected accessors and entry points of one instance, called again and again).
 */
public final class WasmJobCpuTime {
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
  private static final byte[] INPUT =
      "the quick brown fox jumps over the lazy dog, then sleeps a while.".getBytes(StandardCharsets.US_ASCII);

  private WasmJobCpuTime() {}

  public static void main(String[] args) throws InterruptedException {
    String mode = args.length > 0 ? args[0] : "jobs";
    Runnable task;
    if (mode.equals("calls")) {
      int blocks = args.length > 1 ? Integer.parseInt(args[1]) : 21;
      int size = args.length > 2 ? Integer.parseInt(args[2]) : 5_000;
      task = () -> calls(blocks, size);
    } else {
      RuntimeKind kind = RuntimeKind.valueOf(args.length > 1 ? args[1] : "WASMTIME");
      int blocks = args.length > 2 ? Integer.parseInt(args[2]) : 15;
      int size = args.length > 3 ? Integer.parseInt(args[3]) : 2_000;
      task = () -> jobs(kind, blocks, size);
    }
    Thread worker = new WasmWorkerThread(task, "cpu-time", 4 * Limits.defaults().stackBytes());
    worker.start();
    worker.join();
  }

  private static void jobs(RuntimeKind kind, int blocks, int size) {
    try (WasmRuntime rt = WasmRuntime.create(kind)) {
      AdmittedModule module = rt.admit(WasmModules.load("wordcount"));
      Limits limits = Limits.defaults();
      Runnable job = () -> rt.run(module, INPUT, limits);
      print(kind + " job", measure(job, blocks, size));
    }
  }

  private static void calls(int blocks, int size) {
    WasmtimeNative.ensureLoaded();
    byte[] bytes = Instrumenter.instrument(Admission.check(WasmModules.load("wordcount")), true);
    Engine engine = new Engine(new Config().epochInterruption(true).maxWasmStack(2 * Limits.defaults().stackBytes()));
    Module module = Module.fromBinary(engine, bytes);
    Store<Void> store = new Store<>(null, engine);
    store.setEpochDeadline(1L << 40);
    Memory memory = new Memory(store, new MemoryType(2, 4096, false));
    Instance instance = new Instance(store, module, List.of(Extern.fromMemory(memory)));
    Func oomGet = instance.getFunc(store, Instrumenter.OOM_GET_EXPORT).orElseThrow();
    Func fuelSet = instance.getFunc(store, Instrumenter.FUEL_SET_EXPORT).orElseThrow();
    Func alloc = instance.getFunc(store, Instrumenter.ALLOC_ENTRY_EXPORT).orElseThrow();
    Func run = instance.getFunc(store, Instrumenter.RUN_ENTRY_EXPORT).orElseThrow();
    try {
      long job = (Limits.defaults().stackBytes() << 32); // empty input
      print("() -> i32", measure(() -> oomGet.call(store), blocks, size));
      print("(i64) -> ()", measure(() -> fuelSet.call(store, Val.fromI64(1L << 40)), blocks, size));
      print("(i64, i64) -> i32 [alloc entry]",
          measure(() -> alloc.call(store, Val.fromI64(1L << 40), Val.fromI64(job)), blocks, size));
      print("() -> (i64, i64) [run entry]", measure(() -> run.call(store), blocks, size));
    } finally {
      run.dispose();
      alloc.dispose();
      fuelSet.dispose();
      oomGet.dispose();
      instance.dispose();
      memory.dispose();
      store.dispose();
      module.dispose();
      engine.dispose();
    }
  }

  /** Per-block mean thread CPU time per operation in µs, sorted; one untimed block warms up. */
  private static double[] measure(Runnable op, int blocks, int size) {
    for (int i = 0; i < 3 * size; i++) {
      op.run();
    }
    double[] us = new double[blocks];
    for (int b = 0; b < blocks; b++) {
      long start = CPU.getCurrentThreadCpuTime();
      for (int i = 0; i < size; i++) {
        op.run();
      }
      us[b] = (CPU.getCurrentThreadCpuTime() - start) / 1e3 / size;
    }
    Arrays.sort(us);
    return us;
  }

  private static void print(String what, double[] us) {
    System.out.printf("%-34s CPU per op: min %.1f µs, median %.1f µs (%d blocks)%n", what, us[0], us[us.length / 2],
        us.length);
  }
}
