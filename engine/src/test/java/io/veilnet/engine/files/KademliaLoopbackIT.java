package io.veilnet.engine.files;

import static io.veilnet.engine.files.TestCluster.SMALL_SEGMENTS;
import static io.veilnet.engine.files.TestCluster.chunks;
import static io.veilnet.engine.files.TestCluster.join;
import static io.veilnet.engine.files.TestCluster.randomBytes;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veilnet.engine.files.internal.Manifest;
import io.veilnet.engine.store.InMemoryNodeStore;
import io.veilnet.kademlia.KademliaNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The file service over 12 real Kademlia nodes on loopback: encrypted UDP RPCs for lookups,
 * manifest records and provider records, shards over the encrypted TCP blob channel into each
 * node's store.
 */
class KademliaLoopbackIT {
  private static final int N = 12;
  private static final Duration T = Duration.ofSeconds(120);
  private static final FileServiceConfig CFG = FileServiceConfig.builder().ces(SMALL_SEGMENTS)
      .operationTimeout(Duration.ofSeconds(10)).build();

  private KademliaCluster cluster;
  private List<KademliaNode> nodes;
  private List<NodeId> ids;
  private List<InMemoryNodeStore> stores;
  private List<DefaultFileService> services;

  @BeforeEach
  void start() throws Exception {
    cluster = new KademliaCluster(N, 4, CFG);
    nodes = cluster.nodes;
    ids = cluster.ids;
    stores = cluster.stores;
    services = cluster.services;
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private void kill(NodeId id) {
    cluster.kill(id);
  }

  private List<NodeId> holders(ContentId shard) {
    List<NodeId> out = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      if (!nodes.get(i).isDisposed() && stores.get(i).hasShard(shard.bytes())) {
        out.add(ids.get(i));
      }
    }
    return out;
  }

  private List<ContentId> segmentShards(FileRef ref, int seg) {
    Manifest m = Manifest.decode(services.get(0).network().getRecord(ref.id().bytes()).block(T).value());
    byte[] e = m.table().get(seg);
    List<ContentId> out = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      out.add(ContentId.of(Arrays.copyOfRange(e, i * 32, i * 32 + 32)));
    }
    return out;
  }

  private int liveIndexOtherThan(int notThis) {
    for (int i = N - 1; i >= 0; i--) {
      if (i != notThis && !nodes.get(i).isDisposed()) {
        return i;
      }
    }
    throw new AssertionError("no live node");
  }

  @Test
  void putOnOneNode_getFromAnother_overRealLoopback_thenSurvivesNMinusKLosses_andNamesLostSegments() {
    byte[] data = randomBytes(4 * 65_536, 31); // 4 full segments
    FileRef ref = services.get(0).put(chunks(data, 20_000)).block(T);
    assertThat(ref.segments()).isEqualTo(4);
    assertThat(join(services.get(liveIndexOtherThan(0)).get(ref.id()).collectList().block(T))).isEqualTo(data);

    List<ContentId> seg1 = segmentShards(ref, 1);
    NodeId a = holders(seg1.get(0)).get(0);
    NodeId b = holders(seg1.get(1)).get(0);
    kill(a);
    kill(b);
    int getter = liveIndexOtherThan(-1);
    assertThat(join(services.get(getter).get(ref.id()).collectList().block(T))).isEqualTo(data);

    NodeId c = holders(seg1.get(2)).get(0);
    kill(c);
    int getter2 = liveIndexOtherThan(-1);
    assertThatThrownBy(() -> services.get(getter2).get(ref.id()).blockLast(T))
        .isInstanceOf(ShardsUnavailableException.class)
        .hasMessageContaining("cannot be rebuilt")
        .satisfies(e -> assertThat(((ShardsUnavailableException) e).segments()).contains(1L));
  }

  @Test
  void tamperedShard_overLoopback_isDetectedAndAnotherUsed_andStoresHoldNoPlaintext() {
    String marker = "LOOPBACK-PLAINTEXT-MARKER";
    StringBuilder sb = new StringBuilder();
    while (sb.length() < 3 * 65_536) {
      sb.append(marker).append(sb.length());
    }
    byte[] data = sb.toString().getBytes(UTF_8);
    FileRef ref = services.get(2).putTracked(chunks(data, 50_000), marker, data.length).result().block(T);
    // The holder of data shard 0 of segment 0 now holds altered bytes under the same id.
    ContentId victim = segmentShards(ref, 0).get(0);
    NodeId liar = holders(victim).get(0);
    InMemoryNodeStore liarStore = stores.get(ids.indexOf(liar));
    byte[] bad = liarStore.getShard(victim.bytes()).orElseThrow();
    bad[bad.length / 2] ^= 1;
    liarStore.putShard(victim.bytes(), bad);
    int getter = liveIndexOtherThan(ids.indexOf(liar));
    assertThat(join(services.get(getter).get(ref.id()).collectList().block(T))).isEqualTo(data);
    byte[] needle = "PLAINTEXT-MARKER".getBytes(UTF_8);
    for (InMemoryNodeStore s : stores) {
      s.forEachEntry((area, k, v) -> assertThat(FileServiceTest.indexOf(v, needle)).isNegative());
    }
  }
}
