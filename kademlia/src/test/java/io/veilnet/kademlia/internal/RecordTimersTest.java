package io.veilnet.kademlia.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.veilnet.kademlia.KademliaConfig;
import io.veilnet.kademlia.KademliaEvent;
import io.veilnet.kademlia.NodeId;
import io.veilnet.kademlia.NodeRecord;
import io.veilnet.kademlia.ValueRecord;
import io.veilnet.kademlia.testing.FakeSigner;
import io.veilnet.kademlia.testing.SimHarness;
import io.veilnet.kademlia.testing.SimNetwork;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Re-advertisement, expiry and republish of records, driven entirely by virtual time. */
class RecordTimersTest {
  static final long MIN = 60_000;
  static final long HOUR = 60 * MIN;

  final KademliaConfig config = SimHarness.simConfig().toBuilder()
      .bucketRefreshInterval(Duration.ofHours(1))
      .bootstrapRefreshInterval(Duration.ofHours(1))
      .build();
  final SimNetwork net = SimHarness.build(30, 9, config, 5);

  {
    for (SimNetwork.SimNode n : net.nodes()) {
      n.protocol().start();
    }
  }

  int holders(NodeId key) {
    int n = 0;
    for (SimNetwork.SimNode s : net.nodes()) {
      if (s.alive() && s.protocol().store().value(key, net.time().nowMillis()).isPresent()) {
        n++;
      }
    }
    return n;
  }

  /** A new node whose id shares at least 12 leading bits with {@code key}: surely a closest one. */
  SimNetwork.SimNode joinNear(NodeId key, long seedStart) {
    for (long s = seedStart; ; s++) {
      FakeSigner f = new FakeSigner(s);
      if (NodeId.ofIdentityKey(f.publicKey()).commonPrefixLength(key) >= 12) {
        SimNetwork.SimNode n = net.add(config, f, FakeSigner.VERIFIER);
        n.protocol().start();
        boolean[] done = {false};
        n.protocol().bootstrap(List.of(net.nodes().get(0).record()), r -> done[0] = true);
        assertThat(net.time().runUntil(() -> done[0], 10_000)).isTrue();
        return n;
      }
    }
  }

  <T> T await(java.util.function.Consumer<java.util.function.Consumer<T>> op) {
    Object[] box = {null};
    boolean[] done = {false};
    op.accept(v -> {
      box[0] = v;
      done[0] = true;
    });
    assertThat(net.time().runUntil(() -> done[0], 30_000)).isTrue();
    @SuppressWarnings("unchecked")
    T t = (T) box[0];
    return t;
  }

  @Test
  void nodeReadvertisesEveryThirtyMinutes_andPeersLearnTheNewRecord() {
    SimNetwork.SimNode a = net.nodes().get(3);
    a.keepEvents(true);
    long seq0 = a.record().seq();
    net.time().advanceBy(31 * MIN);
    NodeRecord fresh = a.protocol().localRecord();
    assertThat(fresh.seq()).isGreaterThan(seq0);
    assertThat(fresh.advertisedAtMillis()).isGreaterThan(net.time().nowMillis() - 2 * MIN);
    assertThat(a.events()).hasAtLeastOneElementOfType(KademliaEvent.Readvertised.class);
    int updated = 0;
    for (SimNetwork.SimNode n : net.nodes()) {
      NodeRecord seen = n.protocol().routingTable().get(a.id());
      if (seen != null && seen.seq() == fresh.seq()) {
        updated++;
      }
    }
    assertThat(updated).isGreaterThanOrEqualTo(10);
    // after 5 hours the first record is long stale but peers hold fresh ones
    net.time().advanceBy(5 * HOUR);
    for (SimNetwork.SimNode n : net.nodes()) {
      NodeRecord seen = n.protocol().routingTable().get(a.id());
      if (seen != null) {
        assertThat(seen.expiresAtMillis()).isGreaterThan(net.time().nowMillis());
      }
    }
  }

  @Test
  void bootstrapRefresh_joinsThroughTheConfiguredListEveryFiveMinutes() {
    KademliaConfig withSeeds = config.toBuilder()
        .bootstrapRefreshInterval(Duration.ofMinutes(5))
        .bootstrap(List.of(net.nodes().get(0).record()))
        .build();
    SimNetwork.SimNode lonely = net.add(withSeeds, new FakeSigner(5_000_000L), FakeSigner.VERIFIER);
    lonely.protocol().start(); // never bootstrapped by hand
    net.time().advanceBy(4 * MIN);
    assertThat(lonely.protocol().routingTable().size()).isZero();
    net.time().advanceBy(2 * MIN);
    assertThat(lonely.protocol().routingTable().size()).isGreaterThanOrEqualTo(20);
  }

  @Test
  void idleBuckets_areRefreshedByLookups() {
    KademliaConfig onlyRefresh = config.toBuilder()
        .bootstrapRefreshInterval(Duration.ofHours(100))
        .readvertiseInterval(Duration.ofHours(100))
        .build();
    SimNetwork.SimNode n = net.add(onlyRefresh, new FakeSigner(6_000_000L), FakeSigner.VERIFIER);
    n.protocol().start();
    boolean[] joined = {false};
    n.protocol().bootstrap(List.of(net.nodes().get(0).record()), r -> joined[0] = true);
    assertThat(net.time().runUntil(() -> joined[0], 10_000)).isTrue();
    long before = n.protocol().lookupCount();
    net.time().advanceBy(50 * MIN);
    assertThat(n.protocol().lookupCount()).isEqualTo(before); // nothing idle for long enough yet
    net.time().advanceBy(20 * MIN); // past the 1 h bucket refresh interval
    assertThat(n.protocol().lookupCount()).isGreaterThan(before);
  }

  @Test
  void expiredValues_areDroppedAndNoLongerServed() {
    SimNetwork.SimNode writer = net.nodes().get(5);
    ValueRecord v = writer.protocol().signValue("short".getBytes(), "x".getBytes(), 30 * MIN);
    KademliaProtocol.Outcome<Integer> put = await(c -> writer.protocol().put(v, c));
    assertThat(put.value()).isGreaterThanOrEqualTo(15);
    assertThat(holders(v.key())).isGreaterThanOrEqualTo(15);
    net.time().advanceBy(36 * MIN); // expiry at 30 min, swept every 5 min
    assertThat(holders(v.key())).isZero();
    for (SimNetwork.SimNode n : net.nodes()) {
      assertThat(n.protocol().store().valueCount()).isZero();
    }
    KademliaProtocol.Outcome<ValueRecord> got = await(c -> net.nodes().get(9).protocol().get(v.key(), c));
    assertThat(got.value()).isNull();
  }

  @Test
  void ownerRepublishesValuesHourly_soNewClosestNodesReceiveThem() {
    SimNetwork.SimNode writer = net.nodes().get(7);
    ValueRecord v = writer.protocol().signValue("long".getBytes(), "y".getBytes(), 10 * HOUR);
    this.<KademliaProtocol.Outcome<Integer>>await(c -> writer.protocol().put(v, c));
    SimNetwork.SimNode late = joinNear(v.key(), 1_000_000);
    assertThat(late.protocol().store().value(v.key(), net.time().nowMillis())).isEmpty();
    net.time().advanceBy(HOUR + MIN);
    assertThat(late.protocol().store().value(v.key(), net.time().nowMillis())).contains(v);
  }

  @Test
  void providersAreRepublishedEvery22Hours_andExpireAfter48HoursWithout() {
    NodeId content = NodeId.random(new java.util.Random(77));
    SimNetwork.SimNode p = net.nodes().get(11);
    SimNetwork.SimNode q = net.nodes().get(12);
    this.<KademliaProtocol.Outcome<Integer>>await(c -> p.protocol().provide(content, c));
    this.<KademliaProtocol.Outcome<Integer>>await(c -> q.protocol().provide(content, c));
    q.protocol().unprovide(content); // q stops republishing
    SimNetwork.SimNode late = joinNear(content, 2_000_000);
    assertThat(late.protocol().store().providers(content, net.time().nowMillis(), 10)).isEmpty();
    net.time().advanceBy(22 * HOUR + MIN);
    assertThat(late.protocol().store().providers(content, net.time().nowMillis(), 10))
        .extracting(NodeRecord::nodeId).containsExactly(p.id());
    net.time().advanceBy(27 * HOUR); // 49 h after q's only announcement
    KademliaProtocol.Outcome<List<NodeRecord>> found =
        await(c -> net.nodes().get(20).protocol().findProviders(content, 5, c));
    assertThat(found.value()).extracting(NodeRecord::nodeId).containsExactly(p.id());
  }
}
