package io.veilnet.jmh.aead;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Secondary metrics for a shared, overloaded machine: the benchmark thread's CPU time and the
 * operation count per iteration. {@code ops × bytes / cpuNanos} is throughput per CPU-second,
 * which time spent descheduled by other processes does not distort (wall-clock ops/s does).
 * Benchmarks call {@link #op()} once per operation (a field increment).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CpuTime {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** CPU nanoseconds of the benchmark thread in this iteration. */
  public long cpuNanos;
  /** Operations completed in this iteration. */
  public long ops;

  private long start;

  @Setup(Level.Iteration)
  public void begin() {
    ops = 0;
    cpuNanos = 0;
    start = THREADS.getCurrentThreadCpuTime();
  }

  @TearDown(Level.Iteration)
  public void end() {
    cpuNanos = THREADS.getCurrentThreadCpuTime() - start;
  }

  public void op() {
    ops++;
  }
}
