package io.veilnet.jmh.erasure;

import io.veilnet.crypto.ReedSolomon;
import io.veilnet.crypto.internal.Gf256;
import io.veilnet.jmh.AbstractMicrobenchmark;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Random;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Reed–Solomon encode and worst-case reconstruct (all parity used: the first {@code n - k} data
 * shards are missing) on 1 MiB shards. The {@code dataMB} auxiliary counter adds the megabytes
 * (10^6 bytes) of data shards processed per operation, so its "ops/s" score is MB/s of data;
 * equivalently MB/s = ops/s × k × 1,048,576 / 10^6. The {@code cpuMBps} counter divides the same
 * megabytes by the benchmark thread's CPU time instead of wall time: on a shared machine it is the
 * closer estimate of what one core does (it still suffers cache and memory-bandwidth contention).
 * JMH sums event counters over the measurement iterations, so divide the {@code cpuMBps} score by
 * the iteration count ({@code -i}); the per-iteration values are in the log and the JSON.
 * {@code encodeTableBaseline} is a plain table-driven multiply-accumulate with the same matrix (the
 * technique of Backblaze's JavaReedSolomon), for comparison.
 *
 * <pre>java -jar jmh/target/benchmarks.jar ReedSolomonBenchmark -f 1 -wi 2 -i 3</pre>
 */
public class ReedSolomonBenchmark extends AbstractMicrobenchmark {

  @Param({"4+2", "10+4"})
  public String code;

  @Param({"1048576"})
  public int shardSize;

  private ReedSolomon rs;
  private byte[][] shards;
  private boolean[] present;
  private byte[][] parityMatrix;
  private int k;
  private int n;
  private double dataMegabytes;

  /** Megabytes of data shards processed; reported per second, i.e. MB/s. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Throughput {
    public double dataMB;

    @Setup(Level.Iteration)
    public void reset() {
      dataMB = 0;
    }
  }

  /** MB of data per second of this thread's CPU time, per iteration. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class CpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    double megabytes;
    long cpuNanos;

    @Setup(Level.Iteration)
    public void reset() {
      megabytes = 0;
      cpuNanos = 0;
    }

    static long now() {
      return THREADS.getCurrentThreadCpuTime();
    }

    void add(long startCpuNanos, double mb) {
      cpuNanos += now() - startCpuNanos;
      megabytes += mb;
    }

    public double cpuMBps() {
      return cpuNanos == 0 ? 0 : megabytes / (cpuNanos / 1e9);
    }
  }

  @Setup
  public void setUp() {
    String[] parts = code.split("\\+");
    k = Integer.parseInt(parts[0]);
    n = k + Integer.parseInt(parts[1]);
    rs = ReedSolomon.create(k, n);
    dataMegabytes = (double) k * shardSize / 1e6;
    shards = new byte[n][shardSize];
    Random random = new Random(42);
    for (int i = 0; i < k; i++) {
      random.nextBytes(shards[i]);
    }
    rs.encodeParity(shards, 0, shardSize);
    present = new boolean[n];
    for (int i = n - k; i < n; i++) {
      present[i] = true; // data shards 0..n-k-1 missing: every parity shard is needed
    }
    parityMatrix = new byte[n - k][k];
    // recover the generator's parity rows by encoding unit vectors (one byte per shard)
    for (int j = 0; j < k; j++) {
      byte[][] data = new byte[k][1];
      data[j][0] = 1;
      byte[][] coded = rs.encode(data);
      for (int i = 0; i < n - k; i++) {
        parityMatrix[i][j] = coded[k + i][0];
      }
    }
  }

  @Benchmark
  public byte[][] encode(Throughput t, CpuTime cpu) {
    long start = CpuTime.now();
    rs.encodeParity(shards, 0, shardSize);
    cpu.add(start, dataMegabytes);
    t.dataMB += dataMegabytes;
    return shards;
  }

  @Benchmark
  public byte[][] reconstructMissingData(Throughput t, CpuTime cpu) {
    long start = CpuTime.now();
    rs.reconstruct(shards, present, 0, shardSize);
    cpu.add(start, dataMegabytes);
    t.dataMB += dataMegabytes;
    return shards;
  }

  @Benchmark
  public byte[][] encodeTableBaseline(Throughput t, CpuTime cpu) {
    long start = CpuTime.now();
    // one table lookup per byte and coefficient; bytewise layout, so a speed reference only
    for (int i = 0; i < n - k; i++) {
      byte[] dst = shards[k + i];
      Arrays.fill(dst, (byte) 0);
      for (int j = 0; j < k; j++) {
        Gf256.mulAdd(parityMatrix[i][j], shards[j], 0, dst, 0, shardSize);
      }
    }
    cpu.add(start, dataMegabytes);
    t.dataMB += dataMegabytes;
    return shards;
  }
}
