package io.veilnet.kademlia.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.veilnet.kademlia.KademliaConfig;
import io.veilnet.kademlia.NodeId;
import io.veilnet.kademlia.NodeIdentity;
import io.veilnet.kademlia.NodeRecord;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@link RpcTransport} over a bound Netty UDP channel. Pipeline: {@link RateLimitHandler} →
 * {@link PacketHandler} (Noise sessions, fragments, decode) → the RPC stage here, which answers
 * requests through the protocol and completes pending requests. All state is confined to the
 * channel's event loop.
 */
public final class UdpTransport implements RpcTransport {
  private final DatagramChannel channel;
  private final EventLoopClock clock;
  private final SessionManager sessions;
  private final RateLimiter limiter;
  private final Map<Long, PendingRpc> pending = new HashMap<>();
  private InboundHandler inbound;
  private Clock.Cancellable sweeper;
  private boolean closed;

  private record PendingRpc(NodeId peer, ResponseHandler handler, Clock.Cancellable timeout) {}

  /**
   * Wires the pipeline of an already bound channel (call on its event loop before it reads).
   *
   * @param initialRecord any record of this node with its static key; replaced by the protocol
   */
  public UdpTransport(DatagramChannel channel, NodeIdentity identity, NodeRecord initialRecord,
      KademliaConfig config, Predicate<NodeRecord> recordCheck, java.security.SecureRandom random) {
    this.channel = channel;
    this.clock = new EventLoopClock(channel.eventLoop());
    this.sessions = new SessionManager(NoiseIK.CipherSuite.of(config.transportCipher()),
        identity.staticPrivateKey(), initialRecord, clock,
        random, config.rekeyAfter().toMillis(), config.sessionExpiry().toMillis(),
        config.maxClockSkew().toMillis() * 2, recordCheck);
    this.limiter = new RateLimiter(config.rateLimits(), System::nanoTime);
    if (config.rateLimitEnabled()) {
      sessions.setNodeAdmission(limiter::admitNode);
      channel.pipeline().addLast(PipelineNames.RATE_LIMIT,
          new RateLimitHandler(limiter, sessions::countDrop));
    }
    channel.pipeline().addLast(PipelineNames.PACKETS, new PacketHandler(sessions));
    channel.pipeline().addLast(PipelineNames.RPC, new RpcStage());
    sweeper = clock.schedule(this::sweep, 10_000);
  }

  private void sweep() {
    if (closed) {
      return;
    }
    sessions.expire();
    sweeper = clock.schedule(this::sweep, 10_000);
  }

  public Clock clock() {
    return clock;
  }

  public SessionManager sessions() {
    return sessions;
  }

  public DatagramChannel channel() {
    return channel;
  }

  @Override
  public void setInboundHandler(InboundHandler handler) {
    this.inbound = handler;
  }

  @Override
  public void setLocalRecord(NodeRecord record) {
    sessions.setLocalRecord(record);
  }

  @Override
  public void request(NodeRecord peer, Message.Request request, long timeoutMillis,
      ResponseHandler handler) {
    if (closed) {
      handler.onFailure(Failure.CLOSED);
      return;
    }
    long id = request.requestId();
    if (pending.containsKey(id)) {
      throw new IllegalStateException("duplicate request id");
    }
    long sentAt = clock.nowMillis();
    Clock.Cancellable t = clock.schedule(() -> {
      PendingRpc p = pending.remove(id);
      if (p != null) {
        // silent since we asked: it may have restarted and lost our session, so re-handshake
        sessions.forgetIfSilent(p.peer, sentAt);
        p.handler.onFailure(Failure.TIMEOUT);
      }
    }, timeoutMillis);
    pending.put(id, new PendingRpc(peer.nodeId(), handler, t));
    sessions.send(peer, MessageCodec.encode(request), (to, d) ->
        channel.write(new DatagramPacket(Unpooled.wrappedBuffer(d), to), channel.voidPromise()));
    channel.flush();
  }

  /** Fails every pending request; stops the session sweeper. Call on the event loop. */
  public void close() {
    closed = true;
    if (sweeper != null) {
      sweeper.cancel();
    }
    for (PendingRpc p : pending.values()) {
      p.timeout.cancel();
      p.handler.onFailure(Failure.CLOSED);
    }
    pending.clear();
    sessions.close();
  }

  private final class RpcStage extends SimpleChannelInboundHandler<PacketHandler.Inbound> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, PacketHandler.Inbound in) {
      Message m = in.message();
      if (m instanceof Message.Request req) {
        if (inbound == null || closed) {
          return;
        }
        Message.Response resp = inbound.handle(in.peer(), req);
        in.reply().send(MessageCodec.encode(resp));
      } else if (m instanceof Message.Response resp) {
        PendingRpc p = pending.get(resp.requestId());
        if (p == null || !p.peer.equals(in.peer().nodeId())) {
          sessions.countDrop(DropReason.UNEXPECTED_RESPONSE);
          return;
        }
        pending.remove(resp.requestId());
        p.timeout.cancel();
        p.handler.onResponse(resp);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      sessions.countDrop(DropReason.MALFORMED);
    }
  }
}
