package io.veilnet.kademlia.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.veilnet.kademlia.DecodeException;
import io.veilnet.kademlia.NodeRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inline crypto stage: authenticates and decrypts each datagram through the node's
 * {@link SessionManager}, reassembles fragments, decodes the {@link Message} and passes an
 * {@link Inbound} on. Every failure becomes a counted drop; the channel never sees an exception
 * from here.
 */
public final class PacketHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(PacketHandler.class);

  /** A decoded message from an authenticated peer, with the way to answer it. */
  public record Inbound(NodeRecord peer, Message message, SessionManager.Reply reply) {}

  private final SessionManager sessions;

  public PacketHandler(SessionManager sessions) {
    this.sessions = sessions;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof DatagramPacket p)) {
      ctx.fireChannelRead(msg);
      return;
    }
    byte[] bytes;
    try {
      ByteBuf content = p.content();
      if (content.readableBytes() > SessionManager.MAX_DATAGRAM) {
        sessions.countDrop(DropReason.OVERSIZED);
        return;
      }
      bytes = ByteBufUtil.getBytes(content);
    } finally {
      p.release();
    }
    try {
      sessions.receive(bytes, p.sender(), (peer, message, reply) -> {
        Message m;
        try {
          m = MessageCodec.decode(message);
        } catch (DecodeException e) {
          sessions.countDrop(DropReason.DECODE_ERROR);
          return;
        }
        ctx.fireChannelRead(new Inbound(peer, m, reply));
      }, (to, datagram) -> ctx.write(new DatagramPacket(Unpooled.wrappedBuffer(datagram), to)));
    } catch (RuntimeException e) {
      // defensive: a bug must not kill the inbound stream
      sessions.countDrop(DropReason.MALFORMED);
      LOG.debug("packet processing failed", e);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
    ctx.fireChannelReadComplete();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // e.g. ICMP port unreachable surfaced as PortUnreachableException: count, keep going
    sessions.countDrop(DropReason.MALFORMED);
    LOG.debug("datagram channel error", cause);
  }
}
