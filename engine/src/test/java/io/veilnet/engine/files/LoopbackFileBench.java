package io.veilnet.engine.files;

import io.veilnet.crypto.CesConfig;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Put/get throughput over N real Kademlia nodes on loopback (encrypted UDP lookups, manifest and
 * provider records; shards over the encrypted TCP blob channel), beside a raw loopback TCP copy in
 * the same run. Not a test: run by hand (see docs/benchmarks.md, File storage).
 *
 * <p>Usage: {@code LoopbackFileBench [sizeMiB=256] [nodes=16] [runs=2]}.
 */
public final class LoopbackFileBench {
  private LoopbackFileBench() {}

  public static void main(String[] args) throws Exception {
    int mib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    long total = (long) mib << 20;
    System.out.printf("loopback file bench: %d MiB, %d Kademlia nodes on loopback (rate limits off), TCP blob channel, %d cores%n",
        mib, n, Runtime.getRuntime().availableProcessors());
    FileServiceConfig cfg = FileServiceConfig.builder().ces(CesConfig.defaults()).build();
    // Rate limits off: one client hammering 16 nodes from one loopback host is not what they model.
    try (KademliaCluster c = new KademliaCluster(n, 5, cfg, false)) {
      for (int run = 1; run <= runs; run++) {
        double tcp = rawCopy(total);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        FileRef ref = c.services.get(0)
            .put(StreamingMemoryTest.generated(total, 1 << 16, new AtomicLong(), io.veilnet.engine.files.internal.Sha256.newDigest()))
            .block(Duration.ofMinutes(20));
        long t1 = System.nanoTime();
        long cpuPut = os.getProcessCpuTime() - cpu0;
        AtomicLong first = new AtomicLong();
        long t2 = System.nanoTime();
        long got = c.services.get(n - 1).get(ref.id())
            .doOnNext(b -> first.compareAndSet(0, System.nanoTime()))
            .map(ByteBuffer::remaining).reduce(0L, (a, b) -> a + b).block(Duration.ofMinutes(20));
        long t3 = System.nanoTime();
        if (got != total) {
          throw new IllegalStateException("got " + got);
        }
        System.out.printf("run %d: put %.1f MB/s (%.1f MB/s per core-second, whole process incl. all nodes), get %.1f MB/s, "
                + "TTFB %.1f ms, raw loopback TCP copy %.1f MB/s%n",
            run, total / 1e6 / ((t1 - t0) / 1e9), total / 1e6 / (cpuPut / 1e9), total / 1e6 / ((t3 - t2) / 1e9),
            (first.get() - t2) / 1e6, tcp);
        c.stores.forEach(s -> s.shardIds().forEach(s::deleteShard));
      }
    }
  }

  static double rawCopy(long total) throws Exception {
    try (var server = java.nio.channels.ServerSocketChannel.open()) {
      server.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
      Thread reader = new Thread(() -> {
        try (var ch = server.accept()) {
          ByteBuffer buf = ByteBuffer.allocateDirect(1 << 16);
          long read = 0;
          while (read < total) {
            buf.clear();
            int r = ch.read(buf);
            if (r < 0) {
              break;
            }
            read += r;
          }
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      reader.start();
      long t0 = System.nanoTime();
      try (var ch = java.nio.channels.SocketChannel.open(server.getLocalAddress())) {
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 16);
        long sent = 0;
        while (sent < total) {
          buf.clear();
          buf.limit((int) Math.min(buf.capacity(), total - sent));
          while (buf.hasRemaining()) {
            sent += ch.write(buf);
          }
        }
      }
      reader.join(600_000);
      return total / 1e6 / ((System.nanoTime() - t0) / 1e9);
    }
  }
}
