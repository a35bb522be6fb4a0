package io.veilnet.jmh.ces;

import io.veilnet.crypto.AeadAlgorithm;
import io.veilnet.crypto.CesConfig;
import io.veilnet.crypto.CesPipeline;
import io.veilnet.crypto.SymmetricKey;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * CES throughput per CPU-second of the calling thread, for a shared machine where wall-clock JMH
 * scores are distorted by other processes. Runs each configuration for a fixed number of 1 MiB
 * segments after a warm-up and prints MB per CPU-second for process and reconstruct.
 *
 * <p>{@code java -cp jmh/target/benchmarks.jar io.veilnet.jmh.ces.CesCpuCheck [segments]}
 */
public final class CesCpuCheck {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  public static void main(String[] args) {
    int segments = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    // Pass 1 only warms the JIT (AES-GCM's intrinsic needs many calls before C2 compiles it);
    // pass 2 is printed.
    for (int pass = 0; pass < 2; pass++) {
      if (pass == 1) {
        System.out.printf("%-20s %-7s %5s %14s %14s%n", "algorithm", "content", "zstd", "process MB/s", "rebuild MB/s");
      }
      matrix(segments, pass == 1);
    }
  }

  private static void matrix(int segments, boolean print) {
    for (AeadAlgorithm alg : new AeadAlgorithm[] {AeadAlgorithm.XCHACHA20_POLY1305, AeadAlgorithm.AES_256_GCM}) {
      for (String content : new String[] {"random", "text"}) {
        for (int level : new int[] {3, 1}) {
          run(alg, content, level, segments, print);
        }
      }
    }
  }

  private static void run(AeadAlgorithm alg, String content, int level, int segments, boolean print) {
    byte[] segment = CesCpuCheck.segment(content);
    CesConfig config = CesConfig.builder().algorithm(alg).compressionLevel(level).build();
    byte[] key = new byte[32];
    new Random(1).nextBytes(key);
    try (SymmetricKey k = SymmetricKey.of(key); CesPipeline ces = CesPipeline.create(config, k)) {
      boolean[] present = {false, true, false, true, true, true};
      byte[][] shards = ces.process(segment);
      for (int i = 0; i < Math.max(30, segments / 4); i++) { // warm-up
        shards = ces.process(segment);
        ces.reconstruct(shards, present);
      }
      long t0 = THREADS.getCurrentThreadCpuTime();
      for (int i = 0; i < segments; i++) {
        shards = ces.process(segment);
      }
      long t1 = THREADS.getCurrentThreadCpuTime();
      for (int i = 0; i < segments; i++) {
        if (ces.reconstruct(shards, present).length != segment.length) {
          throw new AssertionError("bad round trip");
        }
      }
      long t2 = THREADS.getCurrentThreadCpuTime();
      double mb = segments * (double) segment.length / 1e6;
      if (print) {
        System.out.printf("%-20s %-7s %5d %14.0f %14.0f%n", alg, content, level, mb / ((t1 - t0) / 1e9), mb / ((t2 - t1) / 1e9));
      }
    }
  }

  static byte[] segment(String content) {
    Random r = new Random(7);
    byte[] segment = new byte[CesConfig.DEFAULT_SEGMENT_SIZE];
    if (content.equals("random")) {
      r.nextBytes(segment);
      return segment;
    }
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (sb.length() < segment.length) {
      sb.append("2026-11-23T16:").append(i % 60).append(" node=").append(r.nextInt(1000))
          .append(" op=store shard=").append(Long.toHexString(r.nextLong())).append(" ok\n");
      i++;
    }
    System.arraycopy(sb.toString().getBytes(StandardCharsets.US_ASCII), 0, segment, 0, segment.length);
    return segment;
  }

  private CesCpuCheck() {}
}
