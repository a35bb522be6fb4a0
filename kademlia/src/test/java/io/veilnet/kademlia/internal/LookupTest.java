package io.veilnet.kademlia.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.veilnet.kademlia.NodeId;
import io.veilnet.kademlia.NodeRecord;
import io.veilnet.kademlia.ValueRecord;
import io.veilnet.kademlia.testing.TestRecords;
import io.veilnet.kademlia.testing.VirtualTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The lookup's termination and result rules against scripted peers in virtual time: every live
 * peer knows about two thirds of the others (live or dead, as a stale routing table would, a fixed
 * pseudo-random choice per pair) and names the k closest of those to the target after a fixed
 * delay; dead peers never answer.
 */
class LookupTest {
  static final long START = 1_700_000_000_000L;
  static final int K = 20;
  static final int ALPHA = 3;
  static final long SOFT = 50;
  static final long HARD = 1_000; // max(rpcTimeout, 3 x soft) with the node defaults
  static final long ANSWER = 5;

  final VirtualTime time = new VirtualTime(START);
  final NodeId target = NodeId.random(new Random(42));
  final List<NodeRecord> peers = new ArrayList<>();
  final Set<NodeId> dead = new HashSet<>();
  final Set<NodeId> suspect = new HashSet<>();
  final Set<NodeId> gaveUpOn = new HashSet<>();
  final Map<NodeId, Long> answerAfter = new HashMap<>();
  final Map<NodeId, Integer> requests = new HashMap<>();
  final List<Long> requestTimeouts = new ArrayList<>();
  int transportFailures;
  Lookup.Outcome outcome;

  LookupTest() {
    for (int i = 0; i < 80; i++) {
      peers.add(TestRecords.fake(1_000 + i, "10.0." + i + ".1", START));
    }
    peers.sort((a, b) -> target.compareDistance(a.nodeId(), b.nodeId()));
  }

  final class Host implements Lookup.Host {
    final NodeId self = NodeId.random(new Random(7));
    long ids;

    @Override
    public Clock clock() {
      return time.clock();
    }

    @Override
    public void send(NodeRecord peer, Message.Request request,
        RpcTransport.ResponseHandler handler) {
      send(peer, request, HARD, handler);
    }

    @Override
    public void send(NodeRecord peer, Message.Request request, long timeoutMillis,
        RpcTransport.ResponseHandler handler) {
      requests.merge(peer.nodeId(), 1, Integer::sum);
      requestTimeouts.add(timeoutMillis);
      long delay = answerAfter.getOrDefault(peer.nodeId(), ANSWER);
      if (dead.contains(peer.nodeId()) || delay >= timeoutMillis) {
        time.schedule(() -> {
          transportFailures++;
          handler.onFailure(RpcTransport.Failure.TIMEOUT);
        }, timeoutMillis);
        return;
      }
      List<NodeRecord> closest = referrals(peer);
      time.schedule(() -> handler.onResponse(new Message.Nodes(request.requestId(), closest)),
          delay);
    }

    @Override
    public long softTimeoutMillis(NodeRecord peer) {
      return SOFT;
    }

    @Override
    public long hardTimeoutMillis(long softMillis) {
      return Math.max(HARD, 3 * softMillis);
    }

    @Override
    public long nextRequestId() {
      return ++ids;
    }

    @Override
    public void gaveUp(NodeRecord peer) {
      gaveUpOn.add(peer.nodeId());
    }

    @Override
    public boolean recentlyFailed(NodeId peer) {
      return suspect.contains(peer);
    }

    @Override
    public List<NodeRecord> accept(List<NodeRecord> records) {
      return records;
    }

    @Override
    public boolean acceptRecord(NodeRecord record, long nowMillis) {
      return true;
    }

    @Override
    public boolean acceptValue(NodeId key, ValueRecord value) {
      return true;
    }

    @Override
    public NodeId self() {
      return self;
    }
  }

  /** The k peers closest to the target that {@code responder} knows. */
  List<NodeRecord> referrals(NodeRecord responder) {
    List<NodeRecord> out = new ArrayList<>(K);
    for (NodeRecord q : peers) { // sorted by distance to the target
      if (!q.equals(responder) && knows(responder, q) && out.size() < K) {
        out.add(q);
      }
    }
    return out;
  }

  static boolean knows(NodeRecord p, NodeRecord q) {
    return Math.floorMod(p.nodeId().hashCode() * 31 + q.nodeId().hashCode(), 3) != 0;
  }

  Lookup.Outcome run(List<NodeRecord> seeds, int paths, long deadlineMillis) {
    Lookup l = new Lookup(new Host(), Lookup.Kind.NODE, target, K, ALPHA, paths, 0,
        o -> outcome = o);
    l.start(seeds, deadlineMillis);
    assertThat(time.runUntil(() -> outcome != null, 60_000)).isTrue();
    return outcome;
  }

  List<NodeRecord> closestLive(int n) {
    return peers.stream().filter(p -> !dead.contains(p.nodeId())).limit(n).toList();
  }

  @Test
  void someOfTheKClosestNeverAnswer_lookupStillReturnsTheKClosestLiveNodes() {
    for (int i : new int[] {0, 2, 3, 7, 11, 12, 15, 19}) {
      dead.add(peers.get(i).nodeId());
    }
    Lookup.Outcome o = run(peers.subList(0, K), 1, 10_000);
    assertThat(o.closest()).containsExactlyElementsOf(closestLive(K));
    assertThat(o.trace().timedOut()).isFalse();
    assertThat(o.trace().failures()).isEqualTo(8);
  }

  @Test
  void deadPeer_costsThreeSoftTimeouts_notTheHardTimeout() {
    dead.add(peers.get(0).nodeId());
    Lookup.Outcome o = run(peers.subList(0, K), 1, 10_000);
    assertThat(o.closest()).containsExactlyElementsOf(closestLive(K));
    assertThat(o.trace().durationMillis())
        .isEqualTo(Lookup.GIVE_UP_SOFT_TIMEOUTS * SOFT)
        .isLessThan(HARD);
    // the request itself stays open until the hard timeout: a slow peer is not failed early
    assertThat(requestTimeouts).containsOnly(HARD);
    assertThat(gaveUpOn).containsExactly(peers.get(0).nodeId()); // other lookups skip it
    assertThat(transportFailures).isZero();
  }

  @Test
  void slowPeerAnsweringAfterItsSoftTimeout_isStillInTheResult() {
    NodeRecord slow = peers.get(1);
    answerAfter.put(slow.nodeId(), 2 * SOFT); // past the soft timeout, before the lookup gives up
    Lookup.Outcome o = run(peers.subList(0, K), 1, 10_000);
    assertThat(o.closest()).contains(slow).containsExactlyElementsOf(peers.subList(0, K));
    assertThat(o.trace().durationMillis()).isEqualTo(2 * SOFT);
    assertThat(o.trace().failures()).isZero();
  }

  @Test
  void slowPeer_doesNotHoldAnAlphaSlot_whileItMayStillAnswer() {
    // the three closest are slow: without freeing their slots nothing else would be asked
    for (int i = 0; i < ALPHA; i++) {
      answerAfter.put(peers.get(i).nodeId(), 2 * SOFT);
    }
    run(peers.subList(0, K), 1, 10_000);
    // by the time the slow ones answer (100 ms), the other 17 were asked and answered
    assertThat(outcome.trace().durationMillis()).isEqualTo(2 * SOFT);
    assertThat(outcome.closest()).containsExactlyElementsOf(peers.subList(0, K));
  }

  @Test
  void lateAnswer_afterTheLookupGaveUp_stillCountsWhileTheLookupRuns() {
    NodeRecord late = peers.get(0);
    answerAfter.put(late.nodeId(), 4 * SOFT); // after the lookup gave up on it (150 ms)
    // the only seed besides it answers at 140 ms and names the rest; one of those answers only
    // after 100 ms more, which keeps the lookup open until ~245 ms
    NodeRecord keeper = peers.get(1);
    answerAfter.put(keeper.nodeId(), 3 * SOFT - 10);
    answerAfter.put(peers.get(2).nodeId(), 2 * SOFT);
    Lookup.Outcome o = run(List.of(late, keeper), 1, 10_000);
    assertThat(o.trace().durationMillis()).isGreaterThan(4 * SOFT);
    assertThat(o.closest()).contains(late).containsExactlyElementsOf(peers.subList(0, K));
    assertThat(o.trace().failures()).isZero();
  }

  @Test
  void peerThatFailedRecentlyElsewhere_isNotAsked_whenThereAreEnoughOthers() {
    for (int i = 0; i < 5; i++) {
      suspect.add(peers.get(i).nodeId());
    }
    Lookup.Outcome o = run(peers.subList(0, K), 1, 10_000);
    for (int i = 0; i < 5; i++) {
      assertThat(requests).doesNotContainKey(peers.get(i).nodeId());
    }
    assertThat(o.closest()).containsExactlyElementsOf(peers.subList(5, 5 + K));
    assertThat(o.trace().durationMillis()).isLessThan(SOFT);
  }

  @Test
  void peersThatFailedRecently_areAskedAfterAll_whenTooFewOthersAreKnown() {
    List<NodeRecord> few = List.copyOf(peers.subList(0, 10));
    peers.subList(10, peers.size()).clear(); // a small network: ten peers in all
    suspect.add(few.get(0).nodeId());
    suspect.add(few.get(4).nodeId());
    Lookup.Outcome o = run(few, 1, 10_000);
    assertThat(requests).containsKeys(few.get(0).nodeId(), few.get(4).nodeId());
    assertThat(o.closest()).containsExactlyElementsOf(few);
  }

  @Test
  void eachPeerIsAskedOnce_andTheResultHoldsOnlyPeersThatAnswered() {
    for (int i = 0; i < 30; i += 3) {
      dead.add(peers.get(i).nodeId());
    }
    Lookup.Outcome o = run(peers.subList(0, K), 1, 10_000);
    assertThat(requests.values()).containsOnly(1);
    assertThat(o.closest()).doesNotContainAnyElementsOf(
        peers.stream().filter(p -> dead.contains(p.nodeId())).toList());
    assertThat(o.closest()).containsExactlyElementsOf(closestLive(K));
  }

  @Test
  void deadline_returnsWhatAnsweredSoFar_evenWithDeadPeersPending() {
    for (int i = 0; i < K; i += 2) {
      dead.add(peers.get(i).nodeId());
    }
    for (NodeRecord p : peers) {
      if (!dead.contains(p.nodeId())) {
        answerAfter.put(p.nodeId(), 30L);
      }
    }
    Lookup.Outcome o = run(peers.subList(0, K), 1, 40);
    assertThat(o.trace().timedOut()).isTrue();
    assertThat(o.trace().durationMillis()).isEqualTo(40);
    assertThat(o.closest()).isNotEmpty().allMatch(p -> !dead.contains(p.nodeId()));
  }

  @Test
  void disjointPaths_withDeadPeers_stillReturnTheKClosestLive_andNeverShareAPeer() {
    for (int i : new int[] {0, 1, 4, 9, 13, 21}) {
      dead.add(peers.get(i).nodeId());
    }
    Lookup.Outcome o = run(peers.subList(0, K), 2, 10_000);
    assertThat(requests.values()).containsOnly(1);
    assertThat(o.closest()).containsExactlyElementsOf(closestLive(K));
    assertThat(o.trace().paths()).isEqualTo(2);
  }
}
