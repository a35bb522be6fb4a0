package io.veilnet.bench;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A one-line progress bar on a stream (stderr): {@code phase [#####.....] 50% 500/1000}. Redrawn
 * at most every 200 ms from whichever thread advances it; {@link #none()} draws nothing.
 */
public final class Progress {
  private static final int WIDTH = 30;
  private final PrintStream out;
  private final boolean redraw;
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong lastDraw = new AtomicLong();
  private volatile String phase = "";
  private volatile long total = 1;

  private Progress(PrintStream out, boolean redraw) {
    this.out = out;
    this.redraw = redraw;
  }

  /**
   * A bar on {@code out}; with {@code redraw} false (not a terminal) only each phase's final
   * line is printed, so logs stay readable.
   */
  public static Progress to(PrintStream out, boolean redraw) {
    return new Progress(java.util.Objects.requireNonNull(out, "out"), redraw);
  }

  public static Progress none() {
    return new Progress(null, false);
  }

  /** Starts a phase of {@code total} steps. */
  public void phase(String name, long total) {
    this.phase = name;
    this.total = Math.max(1, total);
    done.set(0);
    draw(true);
  }

  public void step() {
    done.incrementAndGet();
    draw(false);
  }

  /** Sets the steps done so far (never backwards), e.g. from a transfer's own progress. */
  public void at(long steps) {
    done.accumulateAndGet(steps, Math::max);
    draw(false);
  }

  /** Finishes the current phase's line. */
  public void end() {
    done.set(total);
    if (out != null) {
      synchronized (out) {
        out.println((redraw ? "\r" : "") + bar(phase, done.get(), total));
      }
    }
  }

  /** The bar text for {@code done} of {@code total}, e.g. for tests. */
  static String bar(String phase, long done, long total) {
    long t = Math.max(1, total);
    long d = Math.max(0, Math.min(done, t));
    int filled = (int) (WIDTH * d / t);
    return String.format("%-12s [%s%s] %3d%% %d/%d", phase, "#".repeat(filled),
        ".".repeat(WIDTH - filled), 100 * d / t, d, t);
  }

  private void draw(boolean force) {
    if (out == null || !redraw) {
      return;
    }
    long now = System.nanoTime();
    long last = lastDraw.get();
    if (!force && now - last < 200_000_000L) {
      return;
    }
    if (!lastDraw.compareAndSet(last, now) && !force) {
      return;
    }
    synchronized (out) {
      out.print("\r" + bar(phase, done.get(), total));
      out.flush();
    }
  }
}
