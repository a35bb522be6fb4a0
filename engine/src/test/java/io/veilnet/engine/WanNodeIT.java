package io.veilnet.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.veilnet.crypto.Aead;
import io.veilnet.crypto.AeadAlgorithm;
import io.veilnet.crypto.Aeads;
import io.veilnet.crypto.SymmetricKey;
import io.veilnet.engine.node.PeerSource;
import io.veilnet.engine.node.Route;
import io.veilnet.kademlia.KademliaNode;
import io.veilnet.kademlia.KademliaResources;
import io.veilnet.kademlia.NodeId;
import io.veilnet.kademlia.ValueRecord;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The seed's dual-DHT tests for WAN mode: a DHT exists, bootstrap ran, the global path works. */
class WanNodeIT {
  static final Duration T = Duration.ofSeconds(20);
  static KademliaResources loops;
  static RunningNode a;
  static RunningNode b;
  static RunningNode c;

  static NodeConfig wan(List<io.veilnet.kademlia.NodeRecord> seeds) {
    return NodeConfig.builder().mode(Mode.WAN).puzzleDifficulty(2).bootstrap(seeds).build();
  }

  @BeforeAll
  static void start() {
    loops = KademliaResources.create(1);
    a = Veilnet.node(wan(List.of())).resources(loops).startNow(T);
    b = Veilnet.node(wan(List.of(a.record()))).resources(loops).startNow(T);
    c = Veilnet.node(wan(List.of(a.record()))).resources(loops).startNow(T);
  }

  @AfterAll
  static void stop() {
    for (RunningNode n : new RunningNode[] {c, b, a}) {
      if (n != null) {
        n.close();
      }
    }
    loops.close();
  }

  @Test
  void wanNodes_haveADht_noMdns_andBootstrapWasCalled() {
    assertThat(a.dht()).isPresent();
    assertThat(a.localDiscovery()).isEmpty();
    assertThat(a.bootstrapResult()).as("the first node has nobody to bootstrap from").isEmpty();
    assertThat(b.bootstrapResult()).get().satisfies(r ->
        assertThat(r.closest()).extracting(x -> x.nodeId()).contains(a.id()));
    assertThat(b.dht().orElseThrow().stats().routingTableSize()).isGreaterThanOrEqualTo(1);
    assertThat(b.peers()).anySatisfy(p -> {
      assertThat(p.id()).isEqualTo(a.id());
      assertThat(p.source()).isEqualTo(PeerSource.DHT);
    });
    assertThat(b.scrapeMetrics()).contains("veilnet_rpc_seconds_count{", "op=\"bootstrap\"");
  }

  @Test
  void encryptedBlob_putOnOneNode_isReadFromAnotherOverTheGlobalPath() {
    byte[] plain = "a secret shard for the global path".getBytes(StandardCharsets.UTF_8);
    SymmetricKey key = SymmetricKey.random(32, new SecureRandom());
    Aead aead = Aeads.create(AeadAlgorithm.XCHACHA20_POLY1305, key);
    byte[] sealed = aead.encrypt(plain, "blob".getBytes(StandardCharsets.UTF_8));
    KademliaNode dhtB = b.dht().orElseThrow();
    // b stores the ciphertext on a (found by routing) and publishes the blob id under a name
    Route toA = b.route(a.id()).block(T);
    NodeId blobId = dhtB.storeBlob(toA.record(), sealed).block(T);
    byte[] name = "global-path-test".getBytes(StandardCharsets.UTF_8);
    assertThat(dhtB.put(name, blobId.toBytes(), Duration.ofMinutes(10)).block(T).acks()).isGreaterThanOrEqualTo(1);
    // c finds the record through the DHT, routes to the holder, fetches and decrypts
    KademliaNode dhtC = c.dht().orElseThrow();
    ValueRecord rec = dhtC.get(ValueRecord.keyOf(dhtB.record().identityKey(), name)).block(T);
    assertThat(rec).isNotNull();
    NodeId wanted = NodeId.of(rec.value());
    Route toHolder = c.route(a.id()).block(T);
    byte[] fetched = dhtC.fetchBlob(toHolder.record(), wanted).block(T);
    assertThat(fetched).isNotEqualTo(plain).isEqualTo(sealed);
    assertThat(aead.decrypt(fetched, "blob".getBytes(StandardCharsets.UTF_8))).isEqualTo(plain);
  }

  @Test
  void routeToAnUnknownId_doesALookup_andFailsCleanly() {
    NodeId nobody = NodeId.random(new java.util.Random(7));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.route(nobody).block(T))
        .isInstanceOf(io.veilnet.engine.node.NoRouteException.class)
        .hasMessageContaining("DHT lookup");
    assertThat(c.scrapeMetrics()).contains("op=\"find_node\"");
  }

  @Test
  void closedNode_completesOnClose_andLeavesSharedLoopsUp() {
    RunningNode d = Veilnet.node(wan(List.of(a.record()))).resources(loops).startNow(T);
    d.dispose();
    assertThat(d.isDisposed()).isTrue();
    d.onClose().block(T);
    assertThat(d.dht().orElseThrow().isDisposed()).isTrue();
    assertThat(loops.isDisposed()).isFalse();
  }
}
