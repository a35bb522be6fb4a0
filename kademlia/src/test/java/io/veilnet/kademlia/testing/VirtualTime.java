package io.veilnet.kademlia.testing;

import io.veilnet.kademlia.internal.Clock;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

/**
 * A deterministic virtual-time event queue: every simulated node's {@link Clock} is a view of
 * one queue, all tasks run on the calling test thread in (time, insertion) order. Time only moves
 * when the test advances it, so hours of protocol timers run in milliseconds.
 */
public final class VirtualTime {
  private final PriorityQueue<Task> queue = new PriorityQueue<>();
  private long now;
  private long seq;
  private long executed;

  private static final class Task implements Comparable<Task>, Clock.Cancellable {
    final long at;
    final long order;
    final Runnable body;
    boolean cancelled;

    Task(long at, long order, Runnable body) {
      this.at = at;
      this.order = order;
      this.body = body;
    }

    @Override
    public int compareTo(Task o) {
      int c = Long.compare(at, o.at);
      return c != 0 ? c : Long.compare(order, o.order);
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  public VirtualTime(long startMillis) {
    this.now = startMillis;
  }

  public long nowMillis() {
    return now;
  }

  public long executed() {
    return executed;
  }

  public int pending() {
    return queue.size();
  }

  /** A {@link Clock} view of this queue. */
  public Clock clock() {
    return new Clock() {
      @Override
      public long nowMillis() {
        return now;
      }

      @Override
      public void execute(Runnable task) {
        schedule(task, 0);
      }

      @Override
      public Cancellable schedule(Runnable task, long delayMillis) {
        return VirtualTime.this.schedule(task, delayMillis);
      }
    };
  }

  public Clock.Cancellable schedule(Runnable task, long delayMillis) {
    Task t = new Task(now + Math.max(0, delayMillis), seq++, task);
    queue.add(t);
    return t;
  }

  /** Runs every task due within the next {@code millis}, then sets the time to now + millis. */
  public void advanceBy(long millis) {
    long end = now + millis;
    while (!queue.isEmpty() && queue.peek().at <= end) {
      runOne();
    }
    now = end;
  }

  /**
   * Runs tasks in order until {@code done} holds, at most {@code maxMillis} of virtual time.
   *
   * @return true if the condition became true
   */
  public boolean runUntil(BooleanSupplier done, long maxMillis) {
    long end = now + maxMillis;
    while (!done.getAsBoolean()) {
      if (queue.isEmpty() || queue.peek().at > end) {
        now = Math.max(now, end);
        return done.getAsBoolean();
      }
      runOne();
    }
    return true;
  }

  private void runOne() {
    Task t = queue.poll();
    now = Math.max(now, t.at);
    if (!t.cancelled) {
      executed++;
      t.body.run();
    }
  }
}
