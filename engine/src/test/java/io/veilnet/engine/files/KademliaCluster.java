package io.veilnet.engine.files;

import io.veilnet.crypto.Ed25519PrivateKey;
import io.veilnet.crypto.SimulatedKeyService;
import io.veilnet.crypto.SymmetricKey;
import io.veilnet.crypto.X25519PrivateKey;
import io.veilnet.engine.store.InMemoryNodeStore;
import io.veilnet.engine.store.NodeBlobStore;
import io.veilnet.kademlia.InMemoryRecordStore;
import io.veilnet.kademlia.KademliaConfig;
import io.veilnet.kademlia.KademliaNode;
import io.veilnet.kademlia.KademliaResources;
import io.veilnet.kademlia.NodeIdentity;
import io.veilnet.kademlia.NodeRecord;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * N real Kademlia nodes on {@code 127.0.<subnet>.1..N}, bootstrapped through the first, each with
 * an in-memory node store behind its TCP blob channel ({@link NodeBlobStore}, announcing itself as
 * provider of what it receives) and a file service over {@link KademliaShardNetwork}.
 */
final class KademliaCluster implements AutoCloseable {
  private static final Duration T = Duration.ofSeconds(120);
  final KademliaResources resources = KademliaResources.create(2);
  final List<KademliaNode> nodes = new ArrayList<>();
  final List<NodeId> ids = new ArrayList<>();
  final List<InMemoryNodeStore> stores = new ArrayList<>();
  final List<Ed25519PrivateKey> keys = new ArrayList<>();
  final List<DefaultFileService> services = new ArrayList<>();
  final List<ProviderAnnouncer> announcers = new ArrayList<>();
  final SimulatedKeyService kms;
  final Scheduler cpu = Schedulers.newParallel("kad-ces", Runtime.getRuntime().availableProcessors(), true);

  KademliaCluster(int n, int subnet, FileServiceConfig config) throws Exception {
    this(n, subnet, config, true);
  }

  /** @param rateLimits whether Kademlia's per-IP/node/global RPC rate limits are on (the default) */
  KademliaCluster(int n, int subnet, FileServiceConfig config, boolean rateLimits) throws Exception {
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < n; i++) {
      InetAddress addr = InetAddress.getByName("127.0." + subnet + "." + (i + 1));
      KademliaConfig c = KademliaConfig.builder().puzzleDifficulty(0).bindAddress(addr)
          .rpcTimeout(Duration.ofMillis(300)).rateLimitEnabled(rateLimits).build();
      Ed25519PrivateKey ed = Ed25519PrivateKey.generate(random);
      InMemoryNodeStore store = new InMemoryNodeStore();
      ProviderAnnouncer announcer = new ProviderAnnouncer();
      KademliaNode node = KademliaNode.start(new NodeIdentity(ed, X25519PrivateKey.generate(random)), c, resources,
          new InMemoryRecordStore(), new NodeBlobStore(store, announcer)).block(T);
      announcer.bind(node);
      announcers.add(announcer);
      NodeId id = NodeId.of(node.id().toBytes());
      nodes.add(node);
      ids.add(id);
      stores.add(store);
      keys.add(ed);
    }
    NodeRecord seed = nodes.get(0).record();
    Flux.range(1, n - 1).flatMap(i -> nodes.get(i).bootstrap(List.of(seed)), 4).blockLast(T);
    nodes.get(0).bootstrap(List.of(nodes.get(1).record())).block(T);
    kms = SimulatedKeyService.create(SymmetricKey.random(), ids.stream().map(NodeId::bytes).toList(), 3);
    for (int i = 0; i < n; i++) {
      ShardNetwork net = new KademliaShardNetwork(nodes.get(i), stores.get(i), null, Schedulers.boundedElastic());
      services.add(DefaultFileService.builder().network(net).keyService(kms).signer(keys.get(i))
          .config(config).cpuScheduler(cpu).build());
    }
  }

  void kill(NodeId id) {
    int i = ids.indexOf(id);
    announcers.get(i).dispose();
    nodes.get(i).close();
  }

  @Override
  public void close() {
    services.forEach(DefaultFileService::close);
    announcers.forEach(ProviderAnnouncer::dispose);
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
}
