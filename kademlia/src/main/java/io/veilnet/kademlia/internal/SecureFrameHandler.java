package io.veilnet.kademlia.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.veilnet.crypto.Aead;
import io.veilnet.crypto.Aeads;
import io.veilnet.crypto.Bytes;
import io.veilnet.crypto.DecryptionException;
import io.veilnet.crypto.SymmetricKey;
import io.veilnet.crypto.X25519PrivateKey;
import io.veilnet.crypto.X25519PublicKey;
import io.veilnet.kademlia.DecodeException;
import io.veilnet.kademlia.NodeRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.function.Predicate;

/**
 * Noise IK over a length-framed TCP stream (below it: {@code LengthFieldBasedFrameDecoder} and
 * {@code LengthFieldPrepender}). The first frame each way is the handshake (the initiator's
 * payload is {@code timestamp u64 | len u16 | its node record}, certified like on UDP); every
 * later frame is sealed with the Noise suite's AEAD ({@link NoiseIK#DEFAULT_SUITE}) under an
 * implicit counter nonce. Upstream it emits plaintext
 * {@code byte[]} and a {@link Ready} event carrying the authenticated peer; downstream it takes
 * {@code byte[]}. Writes before the handshake completes are queued. Any failure closes the
 * connection (a stream cannot skip a bad frame).
 */
public final class SecureFrameHandler extends ChannelDuplexHandler {
  private static final byte[] PROLOGUE = "veilnet-blob-v1".getBytes(StandardCharsets.US_ASCII);

  /** Fired once the session is up. */
  public record Ready(NodeRecord peer) {}

  private final boolean initiator;
  private final X25519PrivateKey staticKey;
  private final NodeRecord localRecord;
  private final NodeRecord expectedPeer;
  private final Predicate<NodeRecord> recordCheck;
  private final long skewMillis;
  private final SecureRandom random;
  private NoiseIK hs;
  private Aead send;
  private Aead recv;
  private long sendCounter;
  private long recvCounter;
  private NodeRecord peer;
  private final ArrayDeque<Object[]> queued = new ArrayDeque<>();

  private SecureFrameHandler(boolean initiator, X25519PrivateKey staticKey, NodeRecord localRecord,
      NodeRecord expectedPeer, Predicate<NodeRecord> recordCheck, long skewMillis,
      SecureRandom random) {
    this.random = random;
    this.initiator = initiator;
    this.staticKey = staticKey;
    this.localRecord = localRecord;
    this.expectedPeer = expectedPeer;
    this.recordCheck = recordCheck;
    this.skewMillis = skewMillis;
  }

  public static SecureFrameHandler initiator(X25519PrivateKey s, NodeRecord local, NodeRecord peer,
      SecureRandom random) {
    return new SecureFrameHandler(true, s, local, peer, r -> true, 0, random);
  }

  public static SecureFrameHandler responder(X25519PrivateKey s, NodeRecord local,
      Predicate<NodeRecord> recordCheck, long skewMillis, SecureRandom random) {
    return new SecureFrameHandler(false, s, local, null, recordCheck, skewMillis, random);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (initiator) {
      hs = NoiseIK.initiator(staticKey, X25519PublicKey.of(expectedPeer.staticKey()), PROLOGUE);
      byte[] rec = localRecord.encode();
      ByteBuffer p = ByteBuffer.allocate(10 + rec.length);
      p.putLong(System.currentTimeMillis()).putShort((short) rec.length).put(rec);
      ctx.writeAndFlush(Unpooled.wrappedBuffer(hs.writeMessage1(p.array(), random)));
    } else {
      hs = NoiseIK.responder(staticKey, PROLOGUE);
    }
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    byte[] frame;
    ByteBuf buf = (ByteBuf) msg;
    try {
      frame = ByteBufUtil.getBytes(buf);
    } finally {
      buf.release();
    }
    try {
      if (recv != null) {
        ctx.fireChannelRead(recv.open(hs.suite().nonce(recvCounter++), frame, null));
      } else if (initiator) {
        hs.readMessage2(frame);
        established(ctx, expectedPeer);
      } else {
        ByteBuffer p = ByteBuffer.wrap(hs.readMessage1(frame));
        long ts = p.getLong();
        NodeRecord r = NodeRecord.decode(p, p.getShort() & 0xffff);
        if (Math.abs(System.currentTimeMillis() - ts) > skewMillis
            || !Bytes.constantTimeEquals(r.staticKey(), hs.remoteStatic().bytes())
            || !recordCheck.test(r)) {
          ctx.close();
          return;
        }
        ctx.writeAndFlush(Unpooled.wrappedBuffer(hs.writeMessage2(new byte[0], random)));
        established(ctx, r);
      }
    } catch (DecryptionException | DecodeException | IllegalStateException
        | java.nio.BufferUnderflowException e) {
      ctx.close();
    }
  }

  private void established(ChannelHandlerContext ctx, NodeRecord p) {
    SymmetricKey[] keys = hs.split();
    send = Aeads.create(hs.suite().aead(), keys[0]);
    recv = Aeads.create(hs.suite().aead(), keys[1]);
    keys[0].close();
    keys[1].close();
    peer = p;
    while (!queued.isEmpty()) {
      Object[] q = queued.poll();
      ctx.write(seal((byte[]) q[0]), (ChannelPromise) q[1]);
    }
    ctx.flush();
    ctx.fireUserEventTriggered(new Ready(p));
  }

  private ByteBuf seal(byte[] plaintext) {
    return Unpooled.wrappedBuffer(send.seal(hs.suite().nonce(sendCounter++), plaintext, null));
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof byte[] b) {
      if (send == null) {
        queued.add(new Object[] {b, promise});
      } else {
        ctx.write(seal(b), promise);
      }
    } else {
      ctx.write(msg, promise);
    }
  }

  public NodeRecord peer() {
    return peer;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (hs != null) {
      hs.destroy();
    }
    ctx.fireChannelInactive();
  }
}
