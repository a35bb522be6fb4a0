package io.veilnet.kademlia.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.veilnet.kademlia.NodeIdentity;
import io.veilnet.kademlia.NodeRecord;
import io.veilnet.kademlia.testing.TestRecords;
import io.veilnet.kademlia.testing.VirtualTime;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The packet layer (UDP sessions) and the TCP frame layer never throw on hostile input: random
 * datagrams, truncated or bit-flipped real packets are dropped and counted; random TCP frames
 * close the connection.
 */
class PacketFuzzTest {
  static final VirtualTime TIME = new VirtualTime(1_700_000_000_000L);
  static final NodeIdentity ALICE_ID = TestRecords.identity(1);
  static final NodeIdentity BOB_ID = TestRecords.identity(2);
  static final NodeRecord ALICE = TestRecords.record(ALICE_ID, "127.0.0.1", 1000, 1, TIME.nowMillis());
  static final NodeRecord BOB = TestRecords.record(BOB_ID, "127.0.0.2", 2000, 1, TIME.nowMillis());
  static final List<byte[]> REAL = new ArrayList<>();

  static SessionManager manager(NodeIdentity id, NodeRecord rec) {
    RecordValidator v = new RecordValidator(Ed25519Verifier.INSTANCE, 0, 60_000);
    return new SessionManager(id.staticPrivateKey(), rec, TIME.clock(), new SecureRandom(),
        120_000, 180_000, 120_000, r -> v.check(r, TIME.nowMillis()) == null);
  }

  static final SessionManager A = manager(ALICE_ID, ALICE);
  static final SessionManager B = manager(BOB_ID, BOB);

  static {
    List<byte[]> toAlice = new ArrayList<>();
    A.send(BOB, MessageCodec.encode(new Message.Ping(1, null)), (to, d) -> REAL.add(d));
    B.receive(REAL.get(0), ALICE.udpAddress(), (p, m, r) -> r.send(m), (to, d) -> toAlice.add(d));
    REAL.addAll(toAlice);
    A.receive(toAlice.get(0), BOB.udpAddress(), (p, m, r) -> {}, (to, d) -> {});
    A.send(BOB, new byte[3_000], (to, d) -> REAL.add(d));
  }

  static long totalDrops(SessionManager m) {
    return m.drops().values().stream().mapToLong(Long::longValue).sum();
  }

  static void feed(byte[] d) {
    long before = totalDrops(B) + totalDrops(A);
    int[] delivered = {0};
    B.receive(d, ALICE.udpAddress(), (p, m, r) -> delivered[0]++, (to, x) -> {});
    A.receive(d, BOB.udpAddress(), (p, m, r) -> delivered[0]++, (to, x) -> {});
    // every datagram is either delivered or counted as dropped: nothing vanishes unexplained
    assertThat(totalDrops(B) + totalDrops(A) + delivered[0]).isGreaterThan(before);
  }

  @Property(tries = 1_000)
  void randomDatagrams(@ForAll @Size(max = 1_400) byte[] d) {
    feed(d);
  }

  @Property(tries = 1_000)
  void flippedAndTruncatedRealPackets(@ForAll @IntRange(min = 0, max = 1 << 20) int which,
      @ForAll @IntRange(min = 0, max = 1 << 20) int pos, @ForAll @IntRange(min = 0, max = 7) int bit,
      @ForAll boolean truncate) {
    byte[] d = REAL.get(which % REAL.size()).clone();
    if (truncate) {
      d = java.util.Arrays.copyOf(d, pos % d.length);
    } else {
      d[pos % d.length] ^= (byte) (1 << bit);
    }
    feed(d);
  }

  @Property(tries = 200)
  void randomTcpFrames_closeTheConnection(@ForAll @Size(min = 1, max = 300) byte[] frame) {
    EmbeddedChannel ch = new EmbeddedChannel(SecureFrameHandler.responder(
        BOB_ID.staticPrivateKey(), BOB, r -> true, 60_000, new SecureRandom()));
    ch.writeInbound(Unpooled.wrappedBuffer(frame));
    assertThat(ch.isOpen()).isFalse();
    assertThat((Object) ch.readInbound()).isNull();
    ch.finishAndReleaseAll();
  }
}
