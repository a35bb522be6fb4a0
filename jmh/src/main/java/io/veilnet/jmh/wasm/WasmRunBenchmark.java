package io.veilnet.jmh.wasm;

import io.veilnet.jmh.AbstractMicrobenchmark;
import io.veilnet.wasmhost.AdmittedModule;
import io.veilnet.wasmhost.Limits;
import io.veilnet.wasmhost.RuntimeKind;
import io.veilnet.wasmhost.WasmRuntime;
import io.veilnet.wasmhost.internal.WorkerPool;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Instantiate + run of a small admitted module (word count over 64 bytes) per runtime, measured
 * on a sandbox worker thread in batches of {@value #BATCH} (so the one thread hand-off per batch
 * is negligible). Goal: at most 50 µs per job.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WasmRunBenchmark extends AbstractMicrobenchmark {
  static final int BATCH = 200;

  @Param({"CHICORY", "WASMTIME"})
  public String runtime;

  private WasmRuntime rt;
  private WorkerPool pool;
  private AdmittedModule module;
  private final byte[] input = "the quick brown fox jumps over the lazy dog, then sleeps a while.".getBytes();
  private final Limits limits = Limits.defaults();

  @Setup
  public void setup() {
    rt = WasmRuntime.create(RuntimeKind.valueOf(runtime));
    pool = new WorkerPool("bench-wasm", 1, 1, 4 * limits.stackBytes()); // as WasmSandbox sizes its workers
    module = rt.admit(WasmModules.load("wordcount"));
  }

  @TearDown
  public void tearDown() {
    pool.close();
    rt.close();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long instantiateAndRun() throws Exception {
    return pool.submit(() -> {
      long fuel = 0;
      for (int i = 0; i < BATCH; i++) {
        fuel += rt.run(module, input, limits).fuelUsed();
      }
      return fuel;
    }).get();
  }
}
