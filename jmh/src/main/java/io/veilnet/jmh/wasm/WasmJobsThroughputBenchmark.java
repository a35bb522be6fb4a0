package io.veilnet.jmh.wasm;

import io.veilnet.jmh.AbstractMicrobenchmark;
import io.veilnet.wasmhost.JobResult;
import io.veilnet.wasmhost.RuntimeKind;
import io.veilnet.wasmhost.WasmJob;
import io.veilnet.wasmhost.WasmSandbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Jobs per second through the public sandbox API on a 2-worker pool: {@value #JOBS} word-count
 * jobs over 1 KiB each, submitted as one chunked job (at most 2 in flight), results in order.
 */
public class WasmJobsThroughputBenchmark extends AbstractMicrobenchmark {
  static final int JOBS = 200;

  @Param({"CHICORY", "WASMTIME"})
  public String runtime;

  @Param({"false", "true"})
  public boolean tunnel;

  private WasmSandbox sandbox;
  private WasmJob job;

  @Setup
  public void setup() {
    sandbox = WasmSandbox.builder().runtime(RuntimeKind.valueOf(runtime)).workers(2).queueCapacity(4).build();
    byte[] chunk = new byte[1024];
    java.util.Arrays.fill(chunk, (byte) 'a');
    List<byte[]> chunks = new ArrayList<>();
    WasmJob base = WasmJob.of(WasmModules.load("wordcount"));
    if (tunnel) {
      var t = io.veilnet.wasmhost.IoTunnels.aesGcm(io.veilnet.crypto.SymmetricKey.random(16, new java.security.SecureRandom()));
      base = base.tunnel(t);
      for (int i = 0; i < JOBS; i++) {
        chunks.add(t.encrypt(chunk));
      }
    } else {
      for (int i = 0; i < JOBS; i++) {
        chunks.add(chunk);
      }
    }
    job = base.chunks(chunks);
  }

  @TearDown
  public void tearDown() {
    sandbox.close();
  }

  @Benchmark
  @OperationsPerInvocation(JOBS)
  public List<JobResult> jobs() {
    return sandbox.executeChunks(job).collectList().block(Duration.ofSeconds(120));
  }
}
