package io.veilnet.mdns.internal;

import java.util.ArrayDeque;

/**
 * RFC 6762 §8.4: "a host SHOULD NOT update records more frequently than ten times per minute".
 * Sliding window over the last {@code maxUpdates} update times; says how long the next update has
 * to wait. Plain Java on caller-supplied nanosecond times; not thread-safe (one owner thread).
 */
public final class UpdatePacer {
  static final int MAX_UPDATES = 10;
  static final long WINDOW_NANOS = 60_000_000_000L;

  private final int maxUpdates;
  private final long windowNanos;
  private final ArrayDeque<Long> recent = new ArrayDeque<>();

  /** RFC 6762 §8.4 pacing: ten updates per minute. */
  public UpdatePacer() {
    this(MAX_UPDATES, WINDOW_NANOS);
  }

  /** Other limits (tests use a short window). */
  public UpdatePacer(int maxUpdates, long windowNanos) {
    if (maxUpdates < 1 || windowNanos < 1) {
      throw new IllegalArgumentException("maxUpdates and windowNanos must be >= 1");
    }
    this.maxUpdates = maxUpdates;
    this.windowNanos = windowNanos;
  }

  /** Nanoseconds until an update is allowed at {@code now}; 0 if it is allowed now. */
  long delayNanos(long now) {
    if (recent.size() < maxUpdates) {
      return 0;
    }
    long wait = recent.peekFirst() + windowNanos - now;
    return Math.max(0, wait);
  }

  /** Records an update sent at {@code now}. */
  void record(long now) {
    recent.addLast(now);
    while (recent.size() > maxUpdates) {
      recent.removeFirst();
    }
  }
}
