package io.veilnet.kademlia.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.veilnet.kademlia.NodeIdentity;
import io.veilnet.kademlia.NodeRecord;
import io.veilnet.kademlia.testing.TestRecords;
import io.veilnet.kademlia.testing.VirtualTime;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionManagerTest {
  final VirtualTime time = new VirtualTime(1_700_000_000_000L);
  final NodeIdentity aliceId = TestRecords.identity(1);
  final NodeIdentity bobId = TestRecords.identity(2);
  final NodeRecord alice = TestRecords.record(aliceId, "127.0.0.1", 1000, 1, time.nowMillis());
  final NodeRecord bob = TestRecords.record(bobId, "127.0.0.2", 2000, 1, time.nowMillis());
  final RecordValidator validator = new RecordValidator(Ed25519Verifier.INSTANCE, 0, 60_000);

  /** The Noise suite of both managers; {@link SessionManagerChaChaPolyTest} reruns all with ChaChaPoly. */
  NoiseIK.CipherSuite suite() {
    return NoiseIK.DEFAULT_SUITE;
  }

  SessionManager manager(NodeIdentity id, NodeRecord rec) {
    return manager(suite(), id, rec);
  }

  SessionManager manager(NoiseIK.CipherSuite suite, NodeIdentity id, NodeRecord rec) {
    return new SessionManager(suite, id.staticPrivateKey(), rec, time.clock(), new SecureRandom(),
        120_000, 180_000, 120_000, r -> validator.check(r, time.nowMillis()) == null);
  }

  final SessionManager a = manager(aliceId, alice);
  final SessionManager b = manager(bobId, bob);

  /** Datagrams captured per direction. */
  final List<byte[]> toBob = new ArrayList<>();
  final List<byte[]> toAlice = new ArrayList<>();
  final List<String> bobGot = new ArrayList<>();
  final List<String> aliceGot = new ArrayList<>();

  final SessionManager.Delivery bobEcho = (peer, msg, reply) -> {
    bobGot.add(peer.nodeId() + ":" + new String(msg));
    reply.send(("re:" + new String(msg)).getBytes());
  };
  final SessionManager.Delivery aliceSink = (peer, msg, reply) -> aliceGot.add(new String(msg));

  void aliceSends(String msg) {
    a.send(bob, msg.getBytes(), (to, d) -> toBob.add(d));
  }

  void pump() {
    for (int round = 0; round < 10 && (!toBob.isEmpty() || !toAlice.isEmpty()); round++) {
      List<byte[]> x = new ArrayList<>(toBob);
      toBob.clear();
      for (byte[] d : x) {
        b.receive(d, alice.udpAddress(), bobEcho, (to, dd) -> toAlice.add(dd));
      }
      List<byte[]> y = new ArrayList<>(toAlice);
      toAlice.clear();
      for (byte[] d : y) {
        a.receive(d, bob.udpAddress(), aliceSink, (to, dd) -> toBob.add(dd));
      }
    }
  }

  @Test
  void peersOnDifferentCipherSuites_failToHandshake_countedAsForged() {
    NoiseIK.CipherSuite other = suite() == NoiseIK.CipherSuite.AESGCM
        ? NoiseIK.CipherSuite.CHACHAPOLY : NoiseIK.CipherSuite.AESGCM;
    SessionManager bobOther = manager(other, bobId, bob);
    aliceSends("ping");
    bobOther.receive(toBob.get(0), alice.udpAddress(), bobEcho, (to, d) -> toAlice.add(d));
    assertThat(bobGot).isEmpty();
    assertThat(toAlice).isEmpty();
    assertThat(bobOther.dropped(DropReason.FORGED)).isEqualTo(1);
  }

  @Test
  void goodHandshake_carriesFirstRequestAndResponse_inOneRoundTrip() {
    aliceSends("ping");
    assertThat(toBob).hasSize(1);
    assertThat(toBob.get(0)[0]).isEqualTo(SessionManager.INIT);
    assertThat(toBob.get(0).length).isLessThanOrEqualTo(SessionManager.MAX_DATAGRAM);
    byte[] init = toBob.get(0);
    b.receive(init, alice.udpAddress(), bobEcho, (to, d) -> toAlice.add(d));
    assertThat(bobGot).containsExactly(alice.nodeId() + ":ping");
    assertThat(toAlice).hasSize(1);
    assertThat(toAlice.get(0)[0]).isEqualTo(SessionManager.RESP);
    pump();
    assertThat(aliceGot).containsExactly("re:ping");
    aliceSends("second");
    assertThat(toBob.get(0)[0]).isEqualTo(SessionManager.DATA);
    pump();
    assertThat(aliceGot).containsExactly("re:ping", "re:second");
    assertThat(a.handshakesCompleted()).isEqualTo(1);
    assertThat(b.handshakesCompleted()).isEqualTo(1);
  }

  @Test
  void replayedInitiation_isDroppedAndCounted() {
    aliceSends("ping");
    byte[] init = toBob.get(0);
    pump();
    b.receive(init, alice.udpAddress(), bobEcho, (to, d) -> toAlice.add(d));
    assertThat(b.dropped(DropReason.REPLAYED)).isEqualTo(1);
    assertThat(bobGot).hasSize(1);
  }

  @Test
  void staleInitiation_isDropped() {
    aliceSends("ping");
    byte[] init = toBob.get(0);
    time.advanceBy(121_000);
    b.receive(init, alice.udpAddress(), bobEcho, (to, d) -> toAlice.add(d));
    assertThat(b.dropped(DropReason.STALE_HANDSHAKE)).isEqualTo(1);
    assertThat(bobGot).isEmpty();
  }

  @Test
  void forgedOrTamperedPackets_areDroppedAsForged() {
    aliceSends("ping");
    byte[] init = toBob.get(0).clone();
    init[init.length - 3] ^= 1;
    b.receive(init, alice.udpAddress(), bobEcho, (to, d) -> toAlice.add(d));
    assertThat(b.dropped(DropReason.FORGED)).isEqualTo(1);
    toBob.clear();
    aliceSends("again");
    time.advanceBy(2_000);
    toBob.clear();
    aliceSends("ping2");
    pump();
    aliceSends("data");
    byte[] data = toBob.get(0).clone();
    data[20] ^= 1;
    toBob.clear();
    b.receive(data, alice.udpAddress(), bobEcho, (to, d) -> toAlice.add(d));
    assertThat(b.dropped(DropReason.FORGED)).isEqualTo(2);
    assertThat(bobGot).doesNotContain(alice.nodeId() + ":data");
  }

  @Test
  void initiationToTheWrongStaticKey_isRejected() {
    NodeIdentity mallory = TestRecords.identity(3);
    // a record for bob's id address but claiming another X25519 key: bob cannot decrypt
    NodeRecord wrong = TestRecords.record(Signers.of(bobId), mallory.staticPublicKey(), "127.0.0.2",
        2000, 2001, 2, time.nowMillis(), 3600);
    a.send(wrong, "ping".getBytes(), (to, d) -> toBob.add(d));
    pump();
    assertThat(b.dropped(DropReason.FORGED)).isEqualTo(1);
    assertThat(bobGot).isEmpty();
  }

  @Test
  void initiatorWhoseRecordDoesNotCertifyItsStaticKey_isRejected() {
    NodeIdentity mallory = TestRecords.identity(3);
    // alice's signed record, presented by mallory's static key
    SessionManager m = new SessionManager(suite(), mallory.staticPrivateKey(), alice, time.clock(),
        new SecureRandom(), 120_000, 180_000, 120_000, r -> true);
    m.send(bob, "ping".getBytes(), (to, d) -> toBob.add(d));
    pump();
    assertThat(b.dropped(DropReason.BAD_RECORD)).isEqualTo(1);
    assertThat(bobGot).isEmpty();
  }

  @Test
  void replayedDataPacket_isDropped() {
    aliceSends("ping");
    pump();
    aliceSends("x");
    byte[] data = toBob.get(0);
    pump();
    b.receive(data, alice.udpAddress(), bobEcho, (to, d) -> toAlice.add(d));
    assertThat(b.dropped(DropReason.REPLAYED)).isEqualTo(1);
    assertThat(bobGot).hasSize(2);
  }

  @Test
  void largeMessages_areFragmentedAndReassembled_bothWays() {
    byte[] big = new byte[10_000];
    Arrays.fill(big, (byte) 'z');
    String bigs = new String(big);
    aliceSends(bigs); // does not fit the initiation: queued until the session exists
    pump();
    assertThat(bobGot).containsExactly(alice.nodeId() + ":" + bigs);
    assertThat(aliceGot).containsExactly("re:" + bigs);
  }

  @Test
  void firstResponseLargerThanOneDatagram_continuesInDataPackets() {
    SessionManager.Delivery bigReply = (peer, msg, reply) -> reply.send(new byte[5_000]);
    aliceSends("find");
    b.receive(toBob.remove(0), alice.udpAddress(), bigReply, (to, d) -> toAlice.add(d));
    assertThat(toAlice).hasSizeGreaterThan(1);
    for (byte[] d : toAlice) {
      assertThat(d.length).isLessThanOrEqualTo(SessionManager.MAX_DATAGRAM);
    }
    List<byte[]> got = new ArrayList<>();
    for (byte[] d : new ArrayList<>(toAlice)) {
      a.receive(d, bob.udpAddress(), (p, m, r) -> got.add(m), (to, dd) -> {});
    }
    assertThat(got).hasSize(1);
    assertThat(got.get(0)).hasSize(5_000);
  }

  @Test
  void expiredSession_isRekeyedWithANewHandshake() {
    aliceSends("ping");
    pump();
    time.advanceBy(121_000);
    aliceSends("later");
    assertThat(toBob.get(0)[0]).isEqualTo(SessionManager.INIT);
    pump();
    assertThat(aliceGot).containsExactly("re:ping", "re:later");
    time.advanceBy(200_000);
    a.expire();
    b.expire();
    assertThat(a.sessionCount()).isZero();
  }

  @Test
  void restartedPeer_isReachedAgainAfterForget() {
    aliceSends("ping");
    pump();
    SessionManager bobAgain = manager(bobId, bob); // bob restarts: his sessions are gone
    List<String> got = new ArrayList<>();
    time.advanceBy(5);
    long sentAt = time.nowMillis();
    aliceSends("lost");
    bobAgain.receive(toBob.remove(0), alice.udpAddress(), (p, m, r) -> got.add(new String(m)),
        (to, d) -> {});
    assertThat(bobAgain.dropped(DropReason.UNKNOWN_SESSION)).isEqualTo(1);
    time.advanceBy(1_000);
    a.forgetIfSilent(bob.nodeId(), sentAt); // what the transport does when "lost" times out
    assertThat(a.hasSession(bob.nodeId())).isFalse();
    aliceSends("again");
    assertThat(toBob.get(0)[0]).isEqualTo(SessionManager.INIT);
    bobAgain.receive(toBob.remove(0), alice.udpAddress(), (p, m, r) -> got.add(new String(m)),
        (to, d) -> {});
    assertThat(got).containsExactly("again");
  }

  @Test
  void peerThatAnsweredSinceTheRequest_keepsItsSession() {
    aliceSends("ping");
    pump();
    time.advanceBy(5);
    long sentAt = time.nowMillis();
    aliceSends("slow");
    time.advanceBy(10);
    pump(); // the answer arrives, just too late for the caller
    a.forgetIfSilent(bob.nodeId(), sentAt);
    assertThat(a.hasSession(bob.nodeId())).isTrue();
  }

  @Test
  void garbage_isCountedNeverThrown() {
    b.receive(new byte[0], alice.udpAddress(), bobEcho, (to, d) -> {});
    b.receive(new byte[] {9, 1, 2}, alice.udpAddress(), bobEcho, (to, d) -> {});
    b.receive(new byte[1281], alice.udpAddress(), bobEcho, (to, d) -> {});
    byte[] data = new byte[40];
    data[0] = SessionManager.DATA;
    b.receive(data, alice.udpAddress(), bobEcho, (to, d) -> {});
    assertThat(b.dropped(DropReason.MALFORMED)).isEqualTo(2);
    assertThat(b.dropped(DropReason.OVERSIZED)).isEqualTo(1);
    assertThat(b.dropped(DropReason.UNKNOWN_SESSION)).isEqualTo(1);
  }
}
