package io.veilnet.bench;

import io.veilnet.wasmhost.JobResult;
import io.veilnet.wasmhost.RuntimeKind;
import io.veilnet.wasmhost.WasmJob;
import io.veilnet.wasmhost.WasmSandbox;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code bench jobs}: runs {@code jobs} WASM jobs (the {@code echo_upper} ABI example, which
 * upper-cases its input) on a {@link WasmSandbox} with {@code workers} threads and a bounded
 * number in flight; checks each output and reports jobs/s and per-job latency (queueing included).
 */
public final class JobsBench {
  public record Options(int jobs, RuntimeKind runtime, int workers, int inputBytes, int warmup) {
    public Options {
      Objects.requireNonNull(runtime, "runtime");
      if (jobs < 1 || jobs > 10_000_000) {
        throw new IllegalArgumentException("--jobs must be 1..10000000, got " + jobs);
      }
      if (workers < 1 || workers > 256) {
        throw new IllegalArgumentException("--workers must be 1..256, got " + workers);
      }
      if (inputBytes < 1 || inputBytes > (1 << 24)) {
        throw new IllegalArgumentException("--input-bytes must be 1..16777216, got " + inputBytes);
      }
      if (warmup < 0 || warmup > 1_000_000) {
        throw new IllegalArgumentException("--warmup must be 0..1000000, got " + warmup);
      }
    }
  }

  private JobsBench() {}

  static byte[] module() {
    try (InputStream in = JobsBench.class.getResourceAsStream("echo_upper.wasm")) {
      if (in == null) {
        throw new IllegalStateException("echo_upper.wasm missing from the bench jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Map<String, Object> run(Options o, Progress progress) {
    byte[] module = module();
    byte[] input = new byte[o.inputBytes()];
    Arrays.fill(input, (byte) 'a');
    byte[] expected = new byte[o.inputBytes()];
    Arrays.fill(expected, (byte) 'A');
    int inFlight = 2 * o.workers();
    Histogram latency = Stats.latencyHistogram();
    AtomicLong wrong = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long wallNanos;
    long cpu;
    try (WasmSandbox sandbox = WasmSandbox.builder().runtime(o.runtime()).workers(o.workers())
        .queueCapacity(inFlight).build()) {
      Duration each = Duration.ofSeconds(60);
      if (o.warmup() > 0) {
        batch(sandbox, module, input, o.warmup(), inFlight, null, expected, wrong, failed,
            progress, "jobs warm-up", each);
      }
      wrong.set(0);
      failed.set(0);
      long cpu0 = DhtBench.cpuNanos();
      long t0 = System.nanoTime();
      batch(sandbox, module, input, o.jobs(), inFlight, latency, expected, wrong, failed,
          progress, "jobs", each);
      wallNanos = System.nanoTime() - t0;
      cpu = DhtBench.cpuNanos() - cpu0;
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("benchmark", "jobs");
    r.put("jobs", o.jobs());
    r.put("jobs_per_sec", o.jobs() / (wallNanos / 1e9));
    r.put("latency_ms", DhtBench.latency(latency));
    r.put("failed", failed.get());
    r.put("wrong_output", wrong.get());
    r.put("runtime", o.runtime().name().toLowerCase(java.util.Locale.ROOT));
    r.put("workers", o.workers());
    r.put("in_flight", inFlight);
    r.put("input_bytes", o.inputBytes());
    r.put("module", "echo_upper.wasm (" + module.length + " B)");
    r.put("cpu_ms", cpu / 1_000_000);
    r.put("machine", DhtBench.machine());
    return r;
  }

  private static void batch(WasmSandbox sandbox, byte[] module, byte[] input, int count,
      int inFlight, Histogram latency, byte[] expected, AtomicLong wrong, AtomicLong failed,
      Progress progress, String phase, Duration each) {
    progress.phase(phase, count);
    Flux.range(0, count)
        .flatMap(i -> Mono.defer(() -> {
          long t0 = System.nanoTime();
          return sandbox.execute(WasmJob.of(module).input(input)).timeout(each)
              .doOnNext(r -> record(r, t0, latency, expected, wrong))
              .onErrorResume(e -> {
                failed.incrementAndGet();
                return Mono.empty();
              })
              .doFinally(s -> progress.step());
        }), inFlight)
        .then().block(each.multipliedBy(count / inFlight + 2));
    progress.end();
  }

  private static void record(JobResult r, long t0, Histogram latency, byte[] expected,
      AtomicLong wrong) {
    if (latency != null) {
      latency.recordValue(Math.max(1, (System.nanoTime() - t0) / 1_000));
    }
    if (!Arrays.equals(r.output(), expected)) {
      wrong.incrementAndGet();
    }
  }
}
