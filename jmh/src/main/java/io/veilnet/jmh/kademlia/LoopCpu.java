package io.veilnet.jmh.kademlia;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Secondary metrics for a shared, overloaded machine: CPU time of the Kademlia nodes' client and
 * server event-loop threads ({@code client/serverCpuNanos}; the encrypted benchmarks), of the raw
 * echo's two loops ({@code echoClient/echoServerCpuNanos}; {@code rawUdpEcho}) and completed pairs
 * per iteration. {@code pairs / serverCpuNanos × 10⁹} is
 * pairs per server CPU-second, which time spent descheduled by other processes does not distort.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class LoopCpu {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  /** Thread ids of the two event loops, set by the benchmark's setup. */
  static volatile long clientThread = -1;
  static volatile long serverThread = -1;
  static volatile long echoClientThread = -1;
  static volatile long echoServerThread = -1;

  public long clientCpuNanos;
  public long serverCpuNanos;
  public long echoClientCpuNanos;
  public long echoServerCpuNanos;
  public long pairs;

  private long client0;
  private long server0;
  private long echoClient0;
  private long echoServer0;

  @Setup(Level.Iteration)
  public void begin() {
    pairs = 0;
    clientCpuNanos = 0;
    serverCpuNanos = 0;
    echoClientCpuNanos = 0;
    echoServerCpuNanos = 0;
    client0 = cpu(clientThread);
    server0 = cpu(serverThread);
    echoClient0 = cpu(echoClientThread);
    echoServer0 = cpu(echoServerThread);
  }

  @TearDown(Level.Iteration)
  public void end() {
    clientCpuNanos = cpu(clientThread) - client0;
    serverCpuNanos = cpu(serverThread) - server0;
    echoClientCpuNanos = cpu(echoClientThread) - echoClient0;
    echoServerCpuNanos = cpu(echoServerThread) - echoServer0;
  }

  void completed(long n) {
    pairs += n;
  }

  private static long cpu(long thread) {
    return thread < 0 ? 0 : Math.max(0, THREADS.getThreadCpuTime(thread));
  }
}
