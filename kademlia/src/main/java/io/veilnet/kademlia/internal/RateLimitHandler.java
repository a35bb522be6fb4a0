package io.veilnet.kademlia.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.util.function.Consumer;

/** Drops datagrams over the per-IP, per-/24 or global token bucket; counts each drop. */
public final class RateLimitHandler extends ChannelInboundHandlerAdapter {
  private final RateLimiter limiter;
  private final Consumer<DropReason> drops;

  public RateLimitHandler(RateLimiter limiter, Consumer<DropReason> drops) {
    this.limiter = limiter;
    this.drops = drops;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof DatagramPacket p) {
      DropReason r = limiter.admit(p.sender().getAddress().getAddress());
      if (r != null) {
        p.release();
        drops.accept(r);
        return;
      }
    }
    ctx.fireChannelRead(msg);
  }
}
