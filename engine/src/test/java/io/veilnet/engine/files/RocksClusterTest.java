package io.veilnet.engine.files;

import static io.veilnet.engine.files.TestCluster.SMALL_SEGMENTS;
import static io.veilnet.engine.files.TestCluster.chunks;
import static io.veilnet.engine.files.TestCluster.join;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.veilnet.engine.files.internal.Manifest;
import io.veilnet.engine.store.RocksNodeStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Twelve nodes on RocksDB stores: the raw files on disk hold no plaintext; restarts keep shards. */
class RocksClusterTest {
  private static final Duration T = Duration.ofSeconds(60);
  private static final String MARKER = "PLAINTEXT-MARKER-on-disk-91c2";
  @TempDir Path dir;
  private TestCluster cluster;

  @AfterEach
  void tearDown() {
    if (cluster != null) {
      cluster.close();
      for (NodeId id : cluster.ids) {
        cluster.network.store(id).close();
      }
    }
  }

  private Path dataDir(int i) {
    return dir.resolve("node-" + i);
  }

  private byte[] markedContent() {
    StringBuilder sb = new StringBuilder();
    while (sb.length() < 200_000) {
      sb.append(MARKER).append(' ').append(sb.length()).append('\n');
    }
    return sb.toString().getBytes(UTF_8);
  }

  @Test
  void rawStoreFiles_containNoPlaintext_contentOrName() throws Exception {
    cluster = new TestCluster(12, FileServiceConfig.builder().ces(SMALL_SEGMENTS).build(),
        i -> RocksNodeStore.open(dataDir(i)), 3L);
    byte[] data = markedContent();
    FileRef ref = cluster.services.get(0).putTracked(chunks(data, 30_000), MARKER + ".log", data.length).result().block(T);
    assertThat(join(cluster.services.get(5).get(ref.id()).collectList().block(T))).isEqualTo(data);
    for (NodeId id : cluster.ids) {
      cluster.network.store(id).close(); // flush memtables into SST and blob files
    }
    byte[] needle = "MARKER-on-disk".getBytes(UTF_8);
    long scanned = 0;
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        byte[] raw = Files.readAllBytes(p);
        scanned += raw.length;
        assertThat(FileServiceTest.indexOf(raw, needle)).as("plaintext in %s", p).isNegative();
      }
    }
    assertThat(scanned).as("bytes scanned").isGreaterThan(data.length);
    for (int i = 0; i < 12; i++) {
      cluster.network.replaceStore(cluster.ids.get(i), RocksNodeStore.open(dataDir(i)));
    }
  }

  @Test
  void restartedNode_servesItsShardsAgain() {
    cluster = new TestCluster(12, FileServiceConfig.builder().ces(SMALL_SEGMENTS).build(),
        i -> RocksNodeStore.open(dataDir(i)), 4L);
    byte[] data = markedContent();
    FileRef ref = cluster.services.get(0).put(chunks(data, 30_000)).block(T);
    Manifest m = Manifest.decode(cluster.network.view(cluster.ids.get(0)).getRecord(ref.id().bytes()).block(T).value());
    byte[] e = m.table().get(0);
    List<NodeId> holders = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      holders.add(cluster.network.holders(ContentId.of(Arrays.copyOfRange(e, i * 32, i * 32 + 32))).get(0));
    }
    // Restart the holder of shard 0: close its store and reopen the same data dir.
    NodeId restarted = holders.get(0);
    int idx = cluster.ids.indexOf(restarted);
    cluster.network.store(restarted).close();
    cluster.network.replaceStore(restarted, RocksNodeStore.open(dataDir(idx)));
    // Kill two other holders: segment 0 keeps exactly k = 4 shards (0, 3, 4, 5), one of them on
    // the restarted node, so the get cannot succeed without it.
    cluster.network.kill(holders.get(1));
    cluster.network.kill(holders.get(2));
    int getter = 0;
    while (!cluster.network.isAlive(cluster.ids.get(getter))) {
      getter++;
    }
    assertThat(join(cluster.services.get(getter).get(ref.id()).collectList().block(T))).isEqualTo(data);
    assertThat(cluster.network.holders(ContentId.of(Arrays.copyOfRange(e, 0, 32)))).contains(restarted);
  }
}
