package io.veilnet.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.veilnet.crypto.SimulatedKeyService;
import io.veilnet.crypto.SymmetricKey;
import io.veilnet.engine.files.FileRef;
import io.veilnet.engine.files.RepairReport;
import io.veilnet.kademlia.KademliaResources;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** A running node repairs the files whose manifests it holds: lost shards are re-created. */
class NodeRepairIT {
  static final Duration T = Duration.ofSeconds(60);
  final List<RunningNode> nodes = new ArrayList<>();
  KademliaResources loops;

  @AfterEach
  void stop() {
    nodes.forEach(RunningNode::close);
    if (loops != null) {
      loops.close();
    }
  }

  @Test
  void lostShards_areRecreatedByTheRepairLoop() {
    loops = KademliaResources.create(1);
    int n = 9;
    byte[] seed = new byte[32];
    new Random(3).nextBytes(seed);
    try (SymmetricKey master = SymmetricKey.of(seed);
        SimulatedKeyService kms = SimulatedKeyService.create(master, List.of(new byte[] {1}), 1)) {
      for (int i = 0; i < n; i++) {
        NodeConfig c = NodeConfig.builder().mode(Mode.WAN).puzzleDifficulty(2)
            .bootstrap(i == 0 ? List.of() : List.of(nodes.get(0).record()))
            .repairPeriod(Duration.ofSeconds(1))
            .build();
        nodes.add(Veilnet.node(c).resources(loops).keyService(kms).startNow(T));
      }
      Flux.fromIterable(nodes).flatMap(x -> x.dht().orElseThrow().findNode(x.id())).blockLast(T);

      byte[] data = new byte[200_000];
      new Random(4).nextBytes(data);
      FileRef ref = nodes.get(0).files().orElseThrow().put(Flux.just(ByteBuffer.wrap(data))).block(T);
      assertThat(ref).isNotNull();
      // The writer remembers the manifest it owns, so its refresher keeps the file past the TTL.
      assertThat(((io.veilnet.engine.internal.DefaultRunningNode) nodes.get(0)).nodeStore().ownedManifestIds())
          .singleElement().satisfies(k -> assertThat(k).isEqualTo(ref.id().bytes()));

      // Stop one node that holds shards (but not the writer), then wait for any survivor's repair
      // pass to re-create what it held.
      RunningNode victim = nodes.stream().skip(1)
          .filter(x -> !((io.veilnet.engine.internal.DefaultRunningNode) x).nodeStore().shardIds().isEmpty())
          .findFirst().orElseThrow();
      Flux<RepairReport> reports = Flux.merge(nodes.stream().filter(x -> x != victim)
          .map(RunningNode::repairReports).toList());
      RepairReport fixed = reports
          .filter(r -> r.fileId().equals(ref.id()) && r.shardsRecreated() > 0)
          .next()
          .doOnSubscribe(s -> victim.close())
          .block(T);
      assertThat(fixed.error()).isNull();
      assertThat(fixed.unrecoverableSegments()).isEmpty();

      // And the file still comes back whole on another node.
      RunningNode reader = nodes.get(n - 1) == victim ? nodes.get(n - 2) : nodes.get(n - 1);
      byte[] got = reader.files().orElseThrow().get(ref.id())
          .reduce(new java.io.ByteArrayOutputStream(), (out, b) -> {
            byte[] x = new byte[b.remaining()];
            b.get(x);
            out.writeBytes(x);
            return out;
          }).block(T).toByteArray();
      assertThat(got).isEqualTo(data);
    }
  }
}
