package io.veilnet.kademlia.internal;

/**
 * The time source and single-threaded executor that own one node's protocol state. Real nodes
 * use their channel's event loop and the system clock; simulations use a virtual event queue.
 * Every timer of the protocol goes through here, so tests run hours in microseconds.
 */
public interface Clock {
  /** Wall-clock time in epoch milliseconds (virtual in simulations). */
  long nowMillis();

  /** Runs {@code task} on the owning thread, later (never inline). */
  void execute(Runnable task);

  /** Runs {@code task} on the owning thread after {@code delayMillis}. */
  Cancellable schedule(Runnable task, long delayMillis);

  /** A scheduled task that can be cancelled. */
  @FunctionalInterface
  interface Cancellable {
    void cancel();
  }
}
