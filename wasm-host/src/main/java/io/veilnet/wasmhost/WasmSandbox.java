package io.veilnet.wasmhost;

import static java.util.Objects.requireNonNull;

import io.veilnet.wasmhost.internal.WorkerPool;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs {@link WasmJob}s on a bounded pool of worker threads (stacks sized for the wasm stack
 * limit) with one {@link WasmRuntime}. Lazy: nothing runs until the returned publisher is
 * subscribed. A full queue fails the job with {@link JobRejectedException} at once.
 *
 * <p>With a tunnel, input is decrypted on the worker just before it is written into the sandbox
 * memory and the output is encrypted on the worker before it leaves; the plaintext copies are
 * zeroed. Whatever the host queues or returns is ciphertext.
 */
public final class WasmSandbox implements AutoCloseable {
  private final WasmRuntime runtime;
  private final boolean ownsRuntime;
  private final WorkerPool pool;
  private final int workers;
  private final long maxStackBytes;
  private final Consumer<byte[]> hostBufferTap;

  private WasmSandbox(Builder b) {
    this.ownsRuntime = b.runtime == null;
    this.runtime = ownsRuntime ? io.veilnet.wasmhost.internal.Runtimes.create(b.kind, b.maxStackBytes) : b.runtime;
    this.workers = b.workers;
    this.maxStackBytes = b.maxStackBytes;
    this.hostBufferTap = b.hostBufferTap;
    this.pool = new WorkerPool("veilnet-wasm-" + runtime.kind().name().toLowerCase(java.util.Locale.ROOT),
        b.workers, b.queueCapacity, 4 * b.maxStackBytes);
  }

  public static Builder builder() {
    return new Builder();
  }

  public WasmRuntime runtime() {
    return runtime;
  }

  /** Runs a single-input job. Fails with a {@link WasmException} subtype (or IllegalArgumentException). */
  public Mono<JobResult> execute(WasmJob job) {
    requireNonNull(job, "job");
    if (job.chunkCount() != 1) {
      return Mono.error(new IllegalArgumentException("job has " + job.chunkCount() + " chunks; use executeChunks"));
    }
    return submit(job, 0, job.inputList().get(0));
  }

  /** Runs every chunk as its own sub-job, at most {@code workers} at once; results in chunk order. */
  public Flux<JobResult> executeChunks(WasmJob job) {
    requireNonNull(job, "job");
    List<byte[]> inputs = job.inputList();
    return Flux.range(0, inputs.size())
        .flatMapSequential(i -> submit(job, i, inputs.get(i)), workers, 1);
  }

  private Mono<JobResult> submit(WasmJob job, int chunk, byte[] input) {
    if (job.limits().stackBytes() > maxStackBytes) {
      return Mono.error(new IllegalArgumentException("job stack limit " + job.limits().stackBytes()
          + " exceeds the sandbox maximum " + maxStackBytes));
    }
    return Mono.create(sink -> {
      tap(input);
      Future<?> f;
      try {
        f = pool.submit(() -> {
          try {
            sink.success(runOnWorker(job, chunk, input));
          } catch (Throwable t) {
            sink.error(t);
          } finally {
            Thread.interrupted(); // never leak an interrupt (cancel or deadline) to the next job
          }
          return null;
        });
      } catch (RejectedExecutionException e) {
        sink.error(new JobRejectedException("worker pool saturated: queue of " + pool.queueCapacity()
            + " is full, job rejected"));
        return;
      }
      sink.onCancel(() -> pool.cancel(f));
    });
  }

  private JobResult runOnWorker(WasmJob job, int chunk, byte[] input) {
    long start = System.nanoTime();
    AdmittedModule module = runtime.admit(job.moduleBytes());
    IoTunnel tunnel = job.tunnel().orElse(null);
    byte[] plainIn = tunnel == null ? input : tunnel.decrypt(input);
    RunResult r = null;
    try {
      r = runtime.run(module, plainIn, job.limits());
      byte[] out = tunnel == null ? r.output() : tunnel.encrypt(r.output());
      tap(out);
      return new JobResult(module.id(), chunk, out, tunnel != null, r.fuelUsed(),
          Duration.ofNanos(System.nanoTime() - start));
    } finally {
      if (tunnel != null) {
        Arrays.fill(plainIn, (byte) 0);
        if (r != null) {
          Arrays.fill(r.output(), (byte) 0);
        }
      }
    }
  }

  private void tap(byte[] buffer) {
    if (hostBufferTap != null) {
      hostBufferTap.accept(buffer.clone());
    }
  }

  /** Stops the workers (running jobs are interrupted) and closes the runtime if this sandbox created it. */
  @Override
  public void close() {
    pool.close();
    if (ownsRuntime) {
      runtime.close();
    }
  }

  /** Sandbox configuration; mutable, not thread-safe; {@link #build()} checks everything. */
  public static final class Builder {
    private RuntimeKind kind = RuntimeKind.CHICORY;
    private WasmRuntime runtime;
    private int workers = Math.max(1, Runtime.getRuntime().availableProcessors());
    private int queueCapacity = 64;
    private long maxStackBytes = Limits.defaults().stackBytes();
    private Consumer<byte[]> hostBufferTap;

    private Builder() {}

    /** The runtime to create and own (default Chicory). */
    public Builder runtime(RuntimeKind kind) {
      this.kind = requireNonNull(kind, "kind");
      this.runtime = null;
      return this;
    }

    /** A borrowed runtime: the sandbox uses it but never closes it. */
    public Builder runtime(WasmRuntime runtime) {
      this.runtime = requireNonNull(runtime, "runtime");
      return this;
    }

    public Builder workers(int workers) {
      if (workers < 1 || workers > 1024) {
        throw new IllegalArgumentException("workers must be in [1, 1024], got " + workers);
      }
      this.workers = workers;
      return this;
    }

    /** Jobs that may wait for a worker; more are rejected. 0 means hand-off only. */
    public Builder queueCapacity(int queueCapacity) {
      if (queueCapacity < 0 || queueCapacity > 1_000_000) {
        throw new IllegalArgumentException("queueCapacity must be in [0, 1000000], got " + queueCapacity);
      }
      this.queueCapacity = queueCapacity;
      return this;
    }

    /**
     * Largest wasm stack budget a job may ask for; worker threads get four times this (the budget
     * is enforced by instrumentation, the thread stack is only a backstop). The wasmtime runtime
     * takes at most 1 MiB.
     */
    public Builder maxStackBytes(long maxStackBytes) {
      if (maxStackBytes < 64 * 1024 || maxStackBytes > 256L << 20) {
        throw new IllegalArgumentException("maxStackBytes must be between 64 KiB and 256 MiB, got " + maxStackBytes);
      }
      this.maxStackBytes = maxStackBytes;
      return this;
    }

    /**
     * Test and audit hook: receives a copy of every buffer the host holds outside the sandbox
     * (queued input, returned output). With a tunnel these are all ciphertext.
     */
    public Builder hostBufferTap(Consumer<byte[]> tap) {
      this.hostBufferTap = requireNonNull(tap, "tap");
      return this;
    }

    public WasmSandbox build() {
      return new WasmSandbox(this);
    }
  }
}
