package io.veilnet.engine.files;

import io.veilnet.crypto.CesConfig;
import io.veilnet.crypto.Ed25519PrivateKey;
import io.veilnet.crypto.KeyService;
import io.veilnet.crypto.SimulatedKeyService;
import io.veilnet.crypto.SymmetricKey;
import io.veilnet.engine.files.internal.Sha256;
import io.veilnet.engine.store.InMemoryNodeStore;
import io.veilnet.engine.store.NodeStore;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** N simulated nodes, each with an identity, an in-memory store and a file service. */
final class TestCluster implements AutoCloseable {
  static final CesConfig SMALL_SEGMENTS =
      CesConfig.builder().segmentSize(64 << 10).chunkSize(16 << 10).build();

  final InMemoryNetwork network;
  final List<NodeId> ids = new ArrayList<>();
  final List<Ed25519PrivateKey> keys = new ArrayList<>();
  final List<DefaultFileService> services = new ArrayList<>();
  final SimulatedKeyService kms;
  final Scheduler cpu = Schedulers.newParallel("test-ces", 2, true);
  final Clock clock;

  TestCluster(int nodes, FileServiceConfig config) {
    this(nodes, config, i -> new InMemoryNodeStore(), 7L);
  }

  TestCluster(int nodes, FileServiceConfig config, Function<Integer, NodeStore> stores, long seed) {
    this(nodes, config, stores, seed, Schedulers.immediate());
  }

  /** {@code io} runs the simulated network's operations (immediate = synchronous). */
  TestCluster(int nodes, FileServiceConfig config, Function<Integer, NodeStore> stores, long seed,
      reactor.core.scheduler.Scheduler io) {
    this(nodes, config, stores, seed, io, Clock.systemUTC());
  }

  /** {@code clock} drives record expiry in the network and the services' signatures. */
  TestCluster(int nodes, FileServiceConfig config, Function<Integer, NodeStore> stores, long seed,
      reactor.core.scheduler.Scheduler io, Clock clock) {
    this.clock = clock;
    network = InMemoryNetwork.create(clock, io, 5);
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < nodes; i++) {
      Ed25519PrivateKey key = Ed25519PrivateKey.generate(random);
      NodeId id = NodeId.of(Sha256.digest(key.publicKey().bytes()));
      keys.add(key);
      ids.add(id);
      network.addNode(id, stores.apply(i));
    }
    byte[] master = new byte[32];
    new Random(seed).nextBytes(master);
    kms = SimulatedKeyService.create(SymmetricKey.of(master), ids.stream().map(NodeId::bytes).toList(), Math.min(3, nodes));
    for (int i = 0; i < nodes; i++) {
      services.add(service(i, kms, config));
    }
  }

  DefaultFileService service(int node, KeyService keyService, FileServiceConfig config) {
    return builder(node, keyService, config).build();
  }

  DefaultFileService.Builder builder(int node, KeyService keyService, FileServiceConfig config) {
    return DefaultFileService.builder()
        .network(network.view(ids.get(node)))
        .keyService(keyService)
        .signer(keys.get(node))
        .config(config)
        .cpuScheduler(cpu)
        .clock(clock);
  }

  static Flux<ByteBuffer> chunks(byte[] data, int chunk) {
    List<ByteBuffer> out = new ArrayList<>();
    for (int i = 0; i < data.length; i += chunk) {
      out.add(ByteBuffer.wrap(data, i, Math.min(chunk, data.length - i)));
    }
    return Flux.fromIterable(out);
  }

  static byte[] join(List<ByteBuffer> parts) {
    int len = parts.stream().mapToInt(ByteBuffer::remaining).sum();
    ByteBuffer b = ByteBuffer.allocate(len);
    parts.forEach(p -> b.put(p.duplicate()));
    return b.array();
  }

  static byte[] randomBytes(int len, long seed) {
    byte[] b = new byte[len];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Override
  public void close() {
    services.forEach(DefaultFileService::close);
    keys.forEach(Ed25519PrivateKey::close);
    kms.close();
    cpu.dispose();
  }
}
