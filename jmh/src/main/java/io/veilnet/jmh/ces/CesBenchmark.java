package io.veilnet.jmh.ces;

import io.veilnet.crypto.AeadAlgorithm;
import io.veilnet.crypto.CesConfig;
import io.veilnet.crypto.CesPipeline;
import io.veilnet.crypto.SymmetricKey;
import io.veilnet.jmh.AbstractMicrobenchmark;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The CES pipeline on one 1 MiB segment (design default 4-of-6): {@code process} and {@code
 * reconstruct} with two data shards missing. MB/s of segment data = ops/s × 1.048576.
 */
public class CesBenchmark extends AbstractMicrobenchmark {
  @Param({"XCHACHA20_POLY1305", "AES_256_GCM"})
  public String algorithm;

  /** random: incompressible (stored raw); text: compressible log-like lines. */
  @Param({"random", "text"})
  public String content;

  /** zstd level: 3 is the pipeline default, 1 the fastest. */
  @Param({"3", "1"})
  public int level;

  private CesPipeline ces;
  private byte[] segment;
  private byte[][] shards;
  private final boolean[] present = {false, true, false, true, true, true};

  @Setup
  public void setup() {
    Random r = new Random(7);
    segment = new byte[CesConfig.DEFAULT_SEGMENT_SIZE];
    if (content.equals("random")) {
      r.nextBytes(segment);
    } else {
      StringBuilder sb = new StringBuilder();
      int i = 0;
      while (sb.length() < segment.length) {
        sb.append("2026-11-23T16:").append(i % 60).append(" node=").append(r.nextInt(1000))
            .append(" op=store shard=").append(Long.toHexString(r.nextLong())).append(" ok\n");
        i++;
      }
      byte[] t = sb.toString().getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(t, 0, segment, 0, segment.length);
    }
    byte[] key = new byte[32];
    r.nextBytes(key);
    CesConfig config = CesConfig.builder().algorithm(AeadAlgorithm.valueOf(algorithm)).compressionLevel(level).build();
    try (SymmetricKey k = SymmetricKey.of(key)) {
      ces = CesPipeline.create(config, k);
    }
    shards = ces.process(segment);
  }

  @TearDown
  public void tearDown() {
    ces.close();
  }

  @Benchmark
  public byte[][] process() {
    return ces.process(segment);
  }

  @Benchmark
  public byte[] reconstructTwoDataShardsMissing() {
    return ces.reconstruct(shards, present);
  }
}
