package io.veilnet.jmh.aead;

import io.veilnet.crypto.Aead;
import io.veilnet.crypto.AeadAlgorithm;
import io.veilnet.crypto.Aeads;
import io.veilnet.crypto.ChunkedAead;
import io.veilnet.crypto.SymmetricKey;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.function.IntSupplier;

/**
 * Not a JMH benchmark: an interleaved A/B check of the cost of {@link ChunkedAead} framing
 * against one {@link Aead} call, for a machine too busy for stable JMH figures. In one JVM, after
 * warming every path (large calls included), it alternates short batches of A and B, measures
 * each batch in thread CPU time, and prints the median B/A ratio over the rounds, so drifts in
 * the machine's load cancel out. Run with
 * {@code java -cp jmh/target/benchmarks.jar io.veilnet.jmh.aead.FramingOverheadCheck}.
 */
public final class FramingOverheadCheck {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int ROUNDS = 11;
  private static final long BATCH_CPU_NANOS = 40_000_000L;

  private static long sink;

  private FramingOverheadCheck() {}

  public static void main(String[] args) {
    int[] sizes = {1024, 64 * 1024, 1024 * 1024};
    SecureRandom random = new SecureRandom();
    System.out.println("| cipher | size | op | Aead MB/s | ChunkedAead MB/s | chunked / single (median of " + ROUNDS + ") |");
    System.out.println("|---|---|---|---:|---:|---:|");
    for (AeadAlgorithm alg : AeadAlgorithm.values()) {
      SymmetricKey key = SymmetricKey.random(alg.keySize(), random);
      Aead aead = Aeads.create(alg, key);
      ChunkedAead chunked = ChunkedAead.create(alg, key);
      for (int size : sizes) {
        byte[] pt = new byte[size];
        random.nextBytes(pt);
        byte[] aad = new byte[16];
        byte[][] single = new byte[4][];
        byte[][] framed = new byte[4][];
        for (int i = 0; i < 4; i++) {
          single[i] = aead.encrypt(pt, aad);
          framed[i] = chunked.encrypt(pt, aad);
        }
        int[] next = {0};
        IntSupplier aeadEnc = () -> aead.encrypt(pt, aad).length;
        IntSupplier chunkedEnc = () -> chunked.encrypt(pt, aad).length;
        IntSupplier aeadDec = () -> aead.decrypt(single[next[0]++ & 3], aad).length;
        IntSupplier chunkedDec = () -> chunked.decrypt(framed[next[0]++ & 3], aad).length;
        for (IntSupplier op : new IntSupplier[] {aeadEnc, chunkedEnc, aeadDec, chunkedDec}) {
          warm(op, size);
        }
        compare(alg, size, "encrypt", aeadEnc, chunkedEnc);
        compare(alg, size, "decrypt", aeadDec, chunkedDec);
      }
    }
    System.out.println("(checksum " + (sink & 1) + ")");
  }

  /** Enough calls for C2 to compile the call sites: 20,000 calls or 256 MiB, at most 60 s. */
  private static void warm(IntSupplier op, int size) {
    long deadline = System.nanoTime() + 60_000_000_000L;
    long calls = Math.min(20_000, Math.max(200, (256L << 20) / size));
    for (long i = 0; i < calls && System.nanoTime() < deadline; i++) {
      sink += op.getAsInt();
    }
  }

  private static void compare(AeadAlgorithm alg, int size, String what, IntSupplier a, IntSupplier b) {
    double[] rateA = new double[ROUNDS];
    double[] rateB = new double[ROUNDS];
    double[] ratio = new double[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      rateA[r] = batch(a, size);
      rateB[r] = batch(b, size);
      ratio[r] = rateA[r] / rateB[r]; // time(B) / time(A)
    }
    System.out.printf(
        "| %s | %s | %s | %.0f | %.0f | %.3f |%n",
        alg, size >= 1 << 20 ? (size >> 20) + " MiB" : (size >> 10) + " KiB", what,
        median(rateA), median(rateB), median(ratio));
  }

  /** Runs {@code op} for about {@link #BATCH_CPU_NANOS} of thread CPU time; returns MB per CPU-second. */
  private static double batch(IntSupplier op, int size) {
    long start = THREADS.getCurrentThreadCpuTime();
    long ops = 0;
    long elapsed;
    do {
      for (int i = 0; i < 8; i++) {
        sink += op.getAsInt();
      }
      ops += 8;
      elapsed = THREADS.getCurrentThreadCpuTime() - start;
    } while (elapsed < BATCH_CPU_NANOS && ops < 10_000_000);
    return ops * (double) size / elapsed * 1e3;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
