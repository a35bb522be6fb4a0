package io.veilnet.kademlia.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.veilnet.kademlia.KademliaConfig;
import io.veilnet.kademlia.NodeIdentity;
import io.veilnet.kademlia.NodeRecord;
import io.veilnet.kademlia.testing.TestRecords;
import io.veilnet.kademlia.testing.VirtualTime;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The UDP pipeline stages on {@link EmbeddedChannel}, with paranoid leak detection. */
class PipelineHandlersTest {
  static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.2", 2000);

  static DatagramPacket packet(byte[] b, String ip) {
    return new DatagramPacket(Unpooled.wrappedBuffer(b), LOCAL, new InetSocketAddress(ip, 1000));
  }

  @Test
  void rateLimitHandler_dropsOverBurstPerIpSubnetAndGlobal_andReleases() {
    long[] now = {0};
    KademliaConfig.RateLimits limits = new KademliaConfig.RateLimits(1, 3, 1, 5, 1, 3, 1, 8);
    Map<DropReason, Integer> drops = new EnumMap<>(DropReason.class);
    EmbeddedChannel ch = new EmbeddedChannel(new RateLimitHandler(new RateLimiter(limits, () -> now[0]),
        r -> drops.merge(r, 1, Integer::sum)));
    List<DatagramPacket> sent = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      DatagramPacket p = packet(new byte[] {1}, "10.0.0.1");
      sent.add(p);
      ch.writeInbound(p);
    }
    assertThat(drops).containsEntry(DropReason.RATE_LIMITED_IP, 2);
    ch.writeInbound(packet(new byte[] {1}, "10.0.0.2"));
    ch.writeInbound(packet(new byte[] {1}, "10.0.0.3"));
    ch.writeInbound(packet(new byte[] {1}, "10.0.0.4"));
    assertThat(drops).containsEntry(DropReason.RATE_LIMITED_SUBNET, 1);
    ch.writeInbound(packet(new byte[] {1}, "10.0.9.1"));
    ch.writeInbound(packet(new byte[] {1}, "10.0.9.2"));
    ch.writeInbound(packet(new byte[] {1}, "10.0.9.3"));
    ch.writeInbound(packet(new byte[] {1}, "10.0.9.4"));
    assertThat(drops).containsEntry(DropReason.RATE_LIMITED_GLOBAL, 1);
    int passed = 0;
    for (Object o; (o = ch.readInbound()) != null; ) {
      ((DatagramPacket) o).release();
      passed++;
    }
    assertThat(passed).isEqualTo(8);
    assertThat(sent.get(4).refCnt()).isZero(); // the dropped one was released
    now[0] += 10_000_000_000L; // 10 s later the buckets have refilled
    ch.writeInbound(packet(new byte[] {1}, "10.0.0.1"));
    DatagramPacket again = ch.readInbound();
    assertThat(again).isNotNull();
    again.release();
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void packetHandler_decryptsDecodesAndAnswersInline_andSurvivesGarbage() {
    VirtualTime time = new VirtualTime(1_700_000_000_000L);
    NodeIdentity aliceId = TestRecords.identity(1);
    NodeIdentity bobId = TestRecords.identity(2);
    NodeRecord alice = TestRecords.record(aliceId, "127.0.0.1", 1000, 1, time.nowMillis());
    NodeRecord bob = TestRecords.record(bobId, "127.0.0.2", 2000, 1, time.nowMillis());
    RecordValidator v = new RecordValidator(Ed25519Verifier.INSTANCE, 0, 60_000);
    SessionManager a = new SessionManager(aliceId.staticPrivateKey(), alice, time.clock(),
        new SecureRandom(), 120_000, 180_000, 120_000, r -> v.check(r, time.nowMillis()) == null);
    SessionManager b = new SessionManager(bobId.staticPrivateKey(), bob, time.clock(),
        new SecureRandom(), 120_000, 180_000, 120_000, r -> v.check(r, time.nowMillis()) == null);
    // the next stage answers inline, as UdpTransport's RPC stage does: a first request's
    // response must ride in handshake message 2
    EmbeddedChannel ch = new EmbeddedChannel(new PacketHandler(b),
        new io.netty.channel.ChannelInboundHandlerAdapter() {
          @Override
          public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof PacketHandler.Inbound in && in.message() instanceof Message.Ping p) {
              in.reply().send(MessageCodec.encode(new Message.Pong(p.requestId(), 5)));
            }
            ctx.fireChannelRead(msg);
          }
        });

    List<byte[]> out = new ArrayList<>();
    a.send(bob, MessageCodec.encode(new Message.Ping(77, null)), (to, d) -> out.add(d));
    ch.writeInbound(packet(out.get(0), "127.0.0.1"));
    PacketHandler.Inbound in = ch.readInbound();
    assertThat(in.peer()).isEqualTo(alice);
    assertThat(in.message()).isEqualTo(new Message.Ping(77, null));
    ch.flushOutbound();
    DatagramPacket resp = ch.readOutbound();
    assertThat(resp.recipient()).isEqualTo(new InetSocketAddress("127.0.0.1", 1000));
    ByteBuf content = resp.content();
    byte[] bytes = ByteBufUtil.getBytes(content);
    resp.release();
    assertThat(bytes[0]).isEqualTo(SessionManager.RESP);
    List<Message> aliceGot = new ArrayList<>();
    a.receive(bytes, bob.udpAddress(), (p, m, r) -> aliceGot.add(MessageCodec.decode(m)), (to, d) -> {});
    assertThat(aliceGot).containsExactly(new Message.Pong(77, 5));

    // garbage, oversized and a valid session packet carrying undecodable bytes
    ch.writeInbound(packet(new byte[] {42, 1, 2, 3}, "127.0.0.9"));
    ch.writeInbound(packet(new byte[1_500], "127.0.0.9"));
    out.clear();
    a.send(bob, new byte[] {1, 99, 0, 0, 0, 0, 0, 0, 0, 0}, (to, d) -> out.add(d));
    ch.writeInbound(packet(out.get(0), "127.0.0.1"));
    assertThat((Object) ch.readInbound()).isNull();
    assertThat(b.dropped(DropReason.MALFORMED)).isEqualTo(1);
    assertThat(b.dropped(DropReason.OVERSIZED)).isEqualTo(1);
    assertThat(b.dropped(DropReason.DECODE_ERROR)).isEqualTo(1);
    assertThat(ch.isActive()).isTrue();
    ch.finishAndReleaseAll();
  }
}
