package io.veilnet.engine.files;

import io.veilnet.crypto.CesConfig;
import io.veilnet.engine.store.RocksNodeStore;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Child process of {@link LargeFileIT}: 12 nodes on RocksDB stores under {@code args[0]}; puts a
 * generated stream of {@code args[1]} MiB and gets it back, hashing both sides. Prints {@code
 * RESULT <bytes> <sha-in> <sha-out> <maxHeapMiB>}. Run with a heap far smaller than the file.
 */
public final class LargeFileMain {
  private LargeFileMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long total = Long.parseLong(args[1]) << 20;
    FileServiceConfig cfg = FileServiceConfig.builder().ces(CesConfig.defaults()).segmentsInFlight(2).build();
    try (TestCluster cluster = new TestCluster(12, cfg, i -> RocksNodeStore.open(dir.resolve("node-" + i)), 1L)) {
      MessageDigest in = io.veilnet.engine.files.internal.Sha256.newDigest();
      FileRef ref = cluster.services.get(0)
          .put(StreamingMemoryTest.generated(total, 1 << 16, new AtomicLong(), in))
          .block(Duration.ofMinutes(10));
      MessageDigest out = io.veilnet.engine.files.internal.Sha256.newDigest();
      long got = cluster.services.get(7).get(ref.id())
          .map(b -> {
            int n = b.remaining();
            out.update(b);
            return (long) n;
          })
          .reduce(0L, Long::sum)
          .block(Duration.ofMinutes(10));
      System.out.println("RESULT " + got + " " + io.veilnet.crypto.Bytes.toHex(in.digest()) + " "
          + io.veilnet.crypto.Bytes.toHex(out.digest()) + " " + (Runtime.getRuntime().maxMemory() >> 20));
      for (NodeId id : cluster.ids) {
        cluster.network.store(id).close();
      }
    }
    System.out.flush();
  }
}
