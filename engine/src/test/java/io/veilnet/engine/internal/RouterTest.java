package io.veilnet.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.veilnet.engine.node.NoRouteException;
import io.veilnet.engine.node.Route;
import io.veilnet.kademlia.LookupResult;
import io.veilnet.kademlia.LookupTrace;
import io.veilnet.kademlia.NodeId;
import io.veilnet.kademlia.NodeIdentity;
import io.veilnet.kademlia.NodeRecord;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class RouterTest {
  static final SecureRandom R = new SecureRandom();

  static NodeRecord record() {
    try (NodeIdentity id = NodeIdentity.generate(0, R)) {
      return NodeRecords.sign(id, InetAddress.getLoopbackAddress(), 4000, 1, System.currentTimeMillis(),
          Duration.ofHours(1));
    }
  }

  static LookupResult result(NodeId target, List<NodeRecord> closest, int rounds) {
    return new LookupResult(closest, new LookupTrace(target, rounds, 3, 3, 0, 5, false, 1));
  }

  @Test
  void knownPeer_isUsedWithoutALookup() {
    NodeRecord dest = record();
    AtomicInteger lookups = new AtomicInteger();
    Router r = new Router(id -> Mono.just(Optional.of(dest)),
        Optional.of(id -> { lookups.incrementAndGet(); return Mono.just(result(id, List.of(), 1)); }));
    StepVerifier.create(r.route(dest.nodeId()))
        .assertNext(route -> {
          assertThat(route.via()).isEqualTo(Route.Via.KNOWN_PEER);
          assertThat(route.record()).isEqualTo(dest);
        })
        .verifyComplete();
    assertThat(lookups).hasValue(0);
  }

  @Test
  void unknownPeer_isFoundByADhtLookupOfItsRecord() {
    NodeRecord dest = record();
    Router r = new Router(id -> Mono.just(Optional.empty()),
        Optional.of(id -> Mono.just(result(id, List.of(record(), dest), 2))));
    StepVerifier.create(r.route(dest.nodeId()))
        .assertNext(route -> {
          assertThat(route.via()).isEqualTo(Route.Via.DHT_LOOKUP);
          assertThat(route.lookupRounds()).isEqualTo(2);
          assertThat(route.record().nodeId()).isEqualTo(dest.nodeId());
        })
        .verifyComplete();
  }

  @Test
  void lookupThatMissesTheDestination_isNoRoute() {
    NodeRecord dest = record();
    Router r = new Router(id -> Mono.just(Optional.empty()),
        Optional.of(id -> Mono.just(result(id, List.of(record()), 3))));
    StepVerifier.create(r.route(dest.nodeId()))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(NoRouteException.class)
            .hasMessageContaining("did not find it"))
        .verify();
  }

  @Test
  void withoutDht_anUnknownPeerIsNoRoute() {
    Router r = new Router(id -> Mono.just(Optional.empty()), Optional.empty());
    StepVerifier.create(r.route(record().nodeId()))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(NoRouteException.class)
            .hasMessageContaining("has no DHT"))
        .verify();
  }

  @Test
  void mdnsVerifier_admitsSignedRecords_andIgnoresTamperedOrExpiredOnes() {
    NodeRecord good = record();
    var v = NodeRecords.verifier(0, java.time.Clock.systemUTC(), Duration.ofSeconds(60));
    assertThat(v.verify(good.encode())).get()
        .satisfies(p -> assertThat(p.peerId()).isEqualTo(good.nodeId().toBytes()));
    byte[] tampered = good.encode();
    tampered[70] ^= 1;
    assertThat(v.verify(tampered)).isEmpty();
    assertThat(v.verify(new byte[] {1, 2, 3})).isEmpty();
    try (NodeIdentity id = NodeIdentity.generate(0, R)) {
      NodeRecord old = NodeRecords.sign(id, InetAddress.getLoopbackAddress(), 4000, 1,
          System.currentTimeMillis() - 7_200_000, Duration.ofHours(1));
      assertThat(v.verify(old.encode())).isEmpty();
    }
  }
}
