package io.veilnet.kademlia.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.veilnet.crypto.X25519PrivateKey;
import io.veilnet.kademlia.BlobStore;
import io.veilnet.kademlia.NodeId;
import io.veilnet.kademlia.NodeRecord;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.util.retry.Retry;

/**
 * Bulk transfer of content-addressed blobs over TCP: Noise IK with the node identities
 * ({@link SecureFrameHandler}), length-prefixed encrypted frames of at most
 * {@value #CHUNK} bytes of data, writes paced by channel writability (backpressure), the whole
 * blob verified against its id ({@code SHA-256}) before it is stored or returned, and transfers
 * that resume where a dropped connection left them (the server keeps partial uploads; the
 * client keeps partial downloads).
 *
 * <p>Frames (plaintext inside the session): {@code 0x01 PUT id[32] size u64}, {@code 0x02 DATA
 * bytes}, {@code 0x03 PUT_END}, {@code 0x04 GET id[32] offset u64}; answers {@code 0x81 RESUME
 * offset u64}, {@code 0x82 DONE ok u8}, {@code 0x83 ERROR code u8}, {@code 0x84 SIZE size u64},
 * {@code 0x85 DATA bytes}, {@code 0x86 END}.
 */
public final class BlobChannel {
  public static final int CHUNK = 32 * 1024;
  static final int MAX_FRAME = CHUNK + 64;
  public static final long MAX_BLOB = 64L * 1024 * 1024;
  static final int MAX_PARTIALS = 64;
  static final byte PUT = 0x01;
  static final byte DATA = 0x02;
  static final byte PUT_END = 0x03;
  static final byte GET = 0x04;
  static final byte RESUME = (byte) 0x81;
  static final byte DONE = (byte) 0x82;
  static final byte ERROR = (byte) 0x83;
  static final byte SIZE = (byte) 0x84;
  static final byte RDATA = (byte) 0x85;
  static final byte END = (byte) 0x86;

  private final EventLoopGroup group;
  private final X25519PrivateKey staticKey;
  private final Supplier<NodeRecord> localRecord;
  private final Predicate<NodeRecord> recordCheck;
  private final BlobStore store;
  private final long skewMillis;
  private final java.security.SecureRandom random = Randoms.forEventLoop();
  private final Map<NodeId, byte[]> partialData = new LinkedHashMap<>();
  private final Map<NodeId, Integer> partialFill = new LinkedHashMap<>();
  private Channel server;
  private final java.util.concurrent.atomic.LongAdder bytesSent = new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder bytesReceived = new java.util.concurrent.atomic.LongAdder();

  private final java.util.concurrent.atomic.LongAdder connections = new java.util.concurrent.atomic.LongAdder();

  /** Outbound connections opened (one per transfer attempt). */
  public long connections() {
    return connections.sum();
  }

  /** Blob payload bytes this node sent as a client (stores). */
  public long bytesSent() {
    return bytesSent.sum();
  }

  /** Blob payload bytes this node received as a client (fetches). */
  public long bytesReceived() {
    return bytesReceived.sum();
  }
  /** Test hook: a transfer attempt closes its connection after this many chunks (0 = never). */
  private volatile int dropAfterChunks;

  /** Test hook: the first attempt of each later transfer drops its connection after n chunks. */
  public void dropFirstAttemptAfter(int chunks) {
    this.dropAfterChunks = chunks;
  }

  public BlobChannel(EventLoopGroup group, X25519PrivateKey staticKey,
      Supplier<NodeRecord> localRecord, Predicate<NodeRecord> recordCheck, BlobStore store,
      long skewMillis) {
    this.group = group;
    this.staticKey = staticKey;
    this.localRecord = localRecord;
    this.recordCheck = recordCheck;
    this.store = store;
    this.skewMillis = skewMillis;
  }

  /** Binds the server; completes with the bound port. */
  public Mono<Integer> bind(InetAddress address) {
    return Mono.create(sink -> new ServerBootstrap().group(group)
        .channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 << 10, 256 << 10))
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 4, 0, 4),
                new LengthFieldPrepender(4),
                SecureFrameHandler.responder(staticKey, localRecord.get(), recordCheck, skewMillis,
                    random),
                new ServerHandler());
          }
        })
        .bind(new InetSocketAddress(address, 0)).addListener(f -> {
          if (f.isSuccess()) {
            server = ((io.netty.channel.ChannelFuture) f).channel();
            sink.success(((InetSocketAddress) server.localAddress()).getPort());
          } else {
            sink.error(f.cause());
          }
        }));
  }

  public void close() {
    if (server != null) {
      server.close();
    }
  }

  public static NodeId idOf(byte[] blob) {
    try {
      return NodeId.of(MessageDigest.getInstance("SHA-256").digest(blob));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // -------------------------------------------------------------------- server

  private synchronized int partialOffset(NodeId id, long size) {
    byte[] d = partialData.get(id);
    if (d == null || d.length != size) {
      if (partialData.size() >= MAX_PARTIALS) {
        NodeId eldest = partialData.keySet().iterator().next();
        partialData.remove(eldest);
        partialFill.remove(eldest);
      }
      partialData.put(id, new byte[(int) size]);
      partialFill.put(id, 0);
      return 0;
    }
    return partialFill.get(id);
  }

  private final class ServerHandler extends SimpleChannelInboundHandler<byte[]> {
    private NodeId putId;
    private byte[] getData;
    private int getPos;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, byte[] m) {
      if (m.length == 0) {
        ctx.close();
        return;
      }
      ByteBuffer b = ByteBuffer.wrap(m);
      byte type = b.get();
      try {
        switch (type) {
          case PUT -> {
            byte[] id = new byte[32];
            b.get(id);
            long size = b.getLong();
            putId = NodeId.of(id);
            if (size < 0 || size > MAX_BLOB) {
              ctx.writeAndFlush(new byte[] {ERROR, 1});
              return;
            }
            long offset = store.has(putId) ? size : partialOffset(putId, size);
            ctx.writeAndFlush(ByteBuffer.allocate(9).put(RESUME).putLong(offset).array());
          }
          case DATA -> {
            synchronized (BlobChannel.this) {
              byte[] d = putId == null ? null : partialData.get(putId);
              int fill = d == null ? 0 : partialFill.get(putId);
              if (d == null || fill + m.length - 1 > d.length) {
                ctx.writeAndFlush(new byte[] {ERROR, 2}).addListener(f -> ctx.close());
                return;
              }
              System.arraycopy(m, 1, d, fill, m.length - 1);
              partialFill.put(putId, fill + m.length - 1);
            }
          }
          case PUT_END -> {
            boolean ok;
            synchronized (BlobChannel.this) {
              byte[] d = putId == null ? null : partialData.get(putId);
              ok = store.has(putId)
                  || (d != null && partialFill.get(putId) == d.length && idOf(d).equals(putId));
              if (d != null && (ok || partialFill.get(putId) == d.length)) {
                partialData.remove(putId);
                partialFill.remove(putId);
                if (ok && !store.has(putId)) {
                  store.put(putId, d);
                }
              }
            }
            ctx.writeAndFlush(new byte[] {DONE, (byte) (ok ? 1 : 0)});
          }
          case GET -> {
            byte[] id = new byte[32];
            b.get(id);
            long offset = b.getLong();
            var blob = store.get(NodeId.of(id));
            if (blob.isEmpty() || offset < 0 || offset > blob.get().length) {
              ctx.writeAndFlush(new byte[] {ERROR, 3});
              return;
            }
            getData = blob.get();
            getPos = (int) offset;
            ctx.writeAndFlush(ByteBuffer.allocate(9).put(SIZE).putLong(getData.length).array());
            pump(ctx);
          }
          default -> ctx.close();
        }
      } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
        ctx.close();
      }
    }

    private void pump(ChannelHandlerContext ctx) {
      if (getData == null) {
        return;
      }
      // a write or flush below can re-enter pump() via channelWritabilityChanged, which may finish
      // the transfer and clear getData: re-check it
      while (getData != null && ctx.channel().isWritable() && getPos < getData.length) {
        int n = Math.min(CHUNK, getData.length - getPos);
        byte[] f = new byte[n + 1];
        f[0] = RDATA;
        System.arraycopy(getData, getPos, f, 1, n);
        getPos += n;
        ctx.write(f);
      }
      if (getData != null && getPos >= getData.length) {
        ctx.write(new byte[] {END});
        getData = null;
      }
      ctx.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      pump(ctx);
      ctx.fireChannelWritabilityChanged();
    }
  }

  // -------------------------------------------------------------------- client

  /** Thrown when a connection drops mid-transfer; the operation retries from where it stopped. */
  static final class Interrupted extends IOException {
    private static final long serialVersionUID = 1L;

    Interrupted() {
      super("blob transfer interrupted");
    }
  }

  /** Stores {@code blob} on {@code target}, resuming up to 3 times after dropped connections. */
  public Mono<NodeId> store(NodeRecord target, byte[] blob) {
    if (blob.length > MAX_BLOB) {
      return Mono.error(new IllegalArgumentException("blob over " + MAX_BLOB + " bytes"));
    }
    NodeId id = idOf(blob);
    int[] attempt = {0};
    return Mono.<NodeId>create(sink -> connect(target, sink, new StoreClient(id, blob, sink,
            attempt[0]++ == 0 ? dropAfterChunks : 0)))
        .retryWhen(Retry.max(3).filter(e -> e instanceof Interrupted))
        .timeout(Duration.ofSeconds(60));
  }

  /** Fetches the blob {@code id} from {@code target}, verified, resuming after drops. */
  public Mono<byte[]> fetch(NodeRecord target, NodeId id) {
    FetchState state = new FetchState();
    int[] attempt = {0};
    return Mono.<byte[]>create(sink -> connect(target, sink, new FetchClient(id, state, sink,
            attempt[0]++ == 0 ? dropAfterChunks : 0)))
        .retryWhen(Retry.max(3).filter(e -> e instanceof Interrupted))
        .timeout(Duration.ofSeconds(60));
  }

  private void connect(NodeRecord target, MonoSink<?> sink, SimpleChannelInboundHandler<byte[]> h) {
    connections.increment();
    new Bootstrap().group(group).channel(NioSocketChannel.class)
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 << 10, 256 << 10))
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 4, 0, 4),
                new LengthFieldPrepender(4),
                SecureFrameHandler.initiator(staticKey, localRecord.get(), target, random), h);
          }
        })
        .connect(new InetSocketAddress(target.host(), target.tcpPort())).addListener(f -> {
          if (!f.isSuccess()) {
            sink.error(f.cause());
          } else {
            Channel ch = ((io.netty.channel.ChannelFuture) f).channel();
            sink.onCancel(ch::close);
          }
        });
  }

  private final class StoreClient extends SimpleChannelInboundHandler<byte[]> {
    private final NodeId id;
    private final byte[] blob;
    private final MonoSink<NodeId> sink;
    private final int dropAfter;
    private int pos = -1;
    private int chunks;
    private boolean done;

    StoreClient(NodeId id, byte[] blob, MonoSink<NodeId> sink, int dropAfter) {
      this.id = id;
      this.blob = blob;
      this.sink = sink;
      this.dropAfter = dropAfter;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof SecureFrameHandler.Ready) {
        ctx.writeAndFlush(ByteBuffer.allocate(41).put(PUT).put(id.toBytes())
            .putLong(blob.length).array());
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, byte[] m) {
      ByteBuffer b = ByteBuffer.wrap(m);
      byte type = b.get();
      if (type == RESUME) {
        pos = (int) b.getLong();
        pump(ctx);
      } else if (type == DONE) {
        done = true;
        if (b.get() == 1) {
          sink.success(id);
        } else {
          sink.error(new IOException("blob rejected: content does not match its id"));
        }
        ctx.close();
      } else {
        done = true;
        sink.error(new IOException("blob store refused (code " + (m.length > 1 ? m[1] : -1) + ")"));
        ctx.close();
      }
    }

    private void pump(ChannelHandlerContext ctx) {
      if (pos < 0 || pos > blob.length) {
        return;
      }
      while (ctx.channel().isWritable() && pos < blob.length) {
        if (dropAfter > 0 && chunks >= dropAfter) {
          ctx.flush();
          ctx.close();
          return;
        }
        int n = Math.min(CHUNK, blob.length - pos);
        byte[] f = new byte[n + 1];
        f[0] = DATA;
        System.arraycopy(blob, pos, f, 1, n);
        pos += n;
        chunks++;
        bytesSent.add(n);
        ctx.write(f);
      }
      if (pos == blob.length) {
        ctx.write(new byte[] {PUT_END});
        pos = blob.length + 1;
      }
      ctx.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      pump(ctx);
      ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (!done) {
        sink.error(new Interrupted());
      }
    }
  }

  private static final class FetchState {
    byte[] data;
    int filled;
  }

  private final class FetchClient extends SimpleChannelInboundHandler<byte[]> {
    private final NodeId id;
    private final FetchState st;
    private final MonoSink<byte[]> sink;
    private final int dropAfter;
    private int chunks;
    private boolean done;

    FetchClient(NodeId id, FetchState st, MonoSink<byte[]> sink, int dropAfter) {
      this.id = id;
      this.st = st;
      this.sink = sink;
      this.dropAfter = dropAfter;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof SecureFrameHandler.Ready) {
        ctx.writeAndFlush(ByteBuffer.allocate(41).put(GET).put(id.toBytes())
            .putLong(st.filled).array());
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, byte[] m) {
      byte type = m[0];
      if (type == SIZE) {
        long size = ByteBuffer.wrap(m, 1, 8).getLong();
        if (size > MAX_BLOB || (st.data != null && st.data.length != size)) {
          fail(ctx, new IOException("blob size mismatch"));
          return;
        }
        if (st.data == null) {
          st.data = new byte[(int) size];
        }
      } else if (type == RDATA) {
        if (st.data == null || st.filled + m.length - 1 > st.data.length) {
          fail(ctx, new IOException("blob longer than announced"));
          return;
        }
        System.arraycopy(m, 1, st.data, st.filled, m.length - 1);
        st.filled += m.length - 1;
        bytesReceived.add(m.length - 1);
        if (dropAfter > 0 && ++chunks >= dropAfter) {
          ctx.close();
        }
      } else if (type == END) {
        done = true;
        if (st.data != null && st.filled == st.data.length && idOf(st.data).equals(id)) {
          sink.success(st.data);
        } else {
          st.data = null;
          st.filled = 0;
          sink.error(new IOException("blob does not match its id"));
        }
        ctx.close();
      } else {
        fail(ctx, new IOException("blob not found"));
      }
    }

    private void fail(ChannelHandlerContext ctx, IOException e) {
      done = true;
      sink.error(e);
      ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (!done) {
        sink.error(new Interrupted());
      }
    }
  }
}
