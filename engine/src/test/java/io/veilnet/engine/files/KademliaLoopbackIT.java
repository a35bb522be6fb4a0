package io.veilnet.engine.files;

import static io.veilnet.engine.files.TestCluster.SMALL_SEGMENTS;
import static io.veilnet.engine.files.TestCluster.chunks;
import static io.veilnet.engine.files.TestCluster.join;
import static io.veilnet.engine.files.TestCluster.randomBytes;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veilnet.crypto.Ed25519PrivateKey;
import io.veilnet.crypto.SimulatedKeyService;
import io.veilnet.crypto.SymmetricKey;
import io.veilnet.crypto.X25519PrivateKey;
import io.veilnet.engine.files.internal.Manifest;
import io.veilnet.engine.store.InMemoryNodeStore;
import io.veilnet.kademlia.KademliaConfig;
import io.veilnet.kademlia.KademliaNode;
import io.veilnet.kademlia.KademliaResources;
import io.veilnet.kademlia.NodeIdentity;
import io.veilnet.kademlia.NodeRecord;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The file service over 12 real Kademlia nodes on loopback (encrypted UDP RPCs for lookups,
 * manifest records and provider records) with shards over loopback TCP ({@link LoopbackShards},
 * standing in for the Kademlia blob channel).
 */
class KademliaLoopbackIT {
  private static final int N = 12;
  private static final Duration T = Duration.ofSeconds(120);
  private static final FileServiceConfig CFG = FileServiceConfig.builder().ces(SMALL_SEGMENTS)
      .operationTimeout(Duration.ofSeconds(10)).build();

  private KademliaResources resources;
  private final List<KademliaNode> nodes = new ArrayList<>();
  private final List<NodeId> ids = new ArrayList<>();
  private final List<InMemoryNodeStore> stores = new ArrayList<>();
  private final List<Ed25519PrivateKey> keys = new ArrayList<>();
  private final List<DefaultFileService> services = new ArrayList<>();
  private LoopbackShards shards;
  private SimulatedKeyService kms;
  private Scheduler cpu;

  @BeforeEach
  void start() throws Exception {
    resources = KademliaResources.create(2);
    shards = new LoopbackShards();
    cpu = Schedulers.newParallel("it-ces", 2, true);
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < N; i++) {
      InetAddress addr = InetAddress.getByName("127.0.4." + (i + 1));
      KademliaConfig c = KademliaConfig.builder().puzzleDifficulty(0).bindAddress(addr)
          .rpcTimeout(Duration.ofMillis(300)).build();
      Ed25519PrivateKey ed = Ed25519PrivateKey.generate(random);
      KademliaNode node = KademliaNode.start(new NodeIdentity(ed, X25519PrivateKey.generate(random)), c, resources).block(T);
      NodeId id = NodeId.of(node.id().toBytes());
      InMemoryNodeStore store = new InMemoryNodeStore();
      shards.serve(id, addr, store, node);
      nodes.add(node);
      ids.add(id);
      stores.add(store);
      keys.add(ed);
    }
    NodeRecord seed = nodes.get(0).record();
    Flux.range(1, N - 1).flatMap(i -> nodes.get(i).bootstrap(List.of(seed)), 4).blockLast(T);
    nodes.get(0).bootstrap(List.of(nodes.get(1).record())).block(T);
    kms = SimulatedKeyService.create(SymmetricKey.random(), ids.stream().map(NodeId::bytes).toList(), 3);
    for (int i = 0; i < N; i++) {
      ShardNetwork net = new KademliaShardNetwork(nodes.get(i), stores.get(i), shards.client(), Schedulers.boundedElastic());
      services.add(DefaultFileService.builder().network(net).keyService(kms).signer(keys.get(i))
          .config(CFG).cpuScheduler(cpu).build());
    }
  }

  @AfterEach
  void stop() {
    services.forEach(DefaultFileService::close);
    shards.close();
    for (KademliaNode n : nodes) {
      if (!n.isDisposed()) {
        n.close();
      }
    }
    resources.close();
    keys.forEach(Ed25519PrivateKey::close);
    kms.close();
    cpu.dispose();
  }

  private void kill(NodeId id) {
    int i = ids.indexOf(id);
    shards.server(id).close();
    nodes.get(i).close();
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
    NodeId liar = holders(segmentShards(ref, 0).get(0)).get(0);
    shards.server(liar).tamper = true;
    int getter = liveIndexOtherThan(ids.indexOf(liar));
    assertThat(join(services.get(getter).get(ref.id()).collectList().block(T))).isEqualTo(data);
    byte[] needle = "PLAINTEXT-MARKER".getBytes(UTF_8);
    for (InMemoryNodeStore s : stores) {
      s.forEachEntry((area, k, v) -> assertThat(FileServiceTest.indexOf(v, needle)).isNegative());
    }
  }
}
