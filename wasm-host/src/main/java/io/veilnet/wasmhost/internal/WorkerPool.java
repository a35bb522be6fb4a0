package io.veilnet.wasmhost.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed pool of {@link WasmWorkerThread}s with a bounded queue. A full queue rejects at once
 * (no caller-runs, no unbounded growth).
 */
public final class WorkerPool implements AutoCloseable {
  private final ThreadPoolExecutor exec;
  private final int queueCapacity;

  public WorkerPool(String name, int workers, int queueCapacity, long threadStackBytes) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be positive, got " + workers);
    }
    if (queueCapacity < 0) {
      throw new IllegalArgumentException("queueCapacity must not be negative, got " + queueCapacity);
    }
    this.queueCapacity = queueCapacity;
    AtomicInteger n = new AtomicInteger();
    exec = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS,
        queueCapacity == 0 ? new java.util.concurrent.SynchronousQueue<>() : new ArrayBlockingQueue<>(queueCapacity),
        r -> new WasmWorkerThread(r, name + "-" + n.incrementAndGet(), threadStackBytes),
        new ThreadPoolExecutor.AbortPolicy());
  }

  /** Submits; throws {@link RejectedExecutionException} when the queue is full or the pool closed. */
  public <T> Future<T> submit(Callable<T> task) {
    return exec.submit(task);
  }

  /** Cancels a submitted task: interrupts it if running, and frees its queue slot at once if queued. */
  public void cancel(Future<?> f) {
    f.cancel(true);
    if (f instanceof Runnable r) {
      exec.remove(r);
    }
  }

  public int queueCapacity() {
    return queueCapacity;
  }

  public int queued() {
    return exec.getQueue().size();
  }

  @Override
  public void close() {
    exec.shutdownNow();
  }
}
