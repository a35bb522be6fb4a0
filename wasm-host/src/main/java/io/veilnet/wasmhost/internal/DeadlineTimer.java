package io.veilnet.wasmhost.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** One timer thread that fires wall-clock deadlines. Owned and closed by its runtime. */
final class DeadlineTimer implements AutoCloseable {
  private final ScheduledThreadPoolExecutor exec;

  DeadlineTimer(String name) {
    exec = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
    exec.setRemoveOnCancelPolicy(true);
  }

  /** Arms a deadline; {@code onExpire} runs at most once, under the deadline's lock. */
  Deadline arm(Duration after, Runnable onExpire) {
    Deadline d = new Deadline(onExpire);
    d.future = exec.schedule(d::fire, after.toNanos(), TimeUnit.NANOSECONDS);
    return d;
  }

  /** Schedules a periodic task (used for wasmtime's epoch ticker). */
  ScheduledFuture<?> every(Duration period, Runnable task) {
    return exec.scheduleAtFixedRate(task, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public void close() {
    exec.shutdownNow();
  }

  static final class Deadline {
    private final Runnable onExpire;
    private volatile ScheduledFuture<?> future;
    private int state; // 0 running, 1 done, 2 fired

    Deadline(Runnable onExpire) {
      this.onExpire = onExpire;
    }

    private synchronized void fire() {
      if (state == 0) {
        state = 2;
        onExpire.run();
      }
    }

    synchronized boolean fired() {
      return state == 2;
    }

    /** Disarms; returns true if the deadline had fired. After return, onExpire will not run. */
    boolean disarm() {
      boolean fired;
      synchronized (this) {
        if (state == 0) {
          state = 1;
        }
        fired = state == 2;
      }
      ScheduledFuture<?> f = future;
      if (f != null) {
        f.cancel(false);
      }
      return fired;
    }
  }
}
