package io.veilnet.jmh.kademlia;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.veilnet.jmh.AbstractMicrobenchmark;
import io.veilnet.kademlia.KademliaConfig;
import io.veilnet.kademlia.KademliaNode;
import io.veilnet.kademlia.KademliaResources;
import io.veilnet.kademlia.NodeIdentity;
import io.veilnet.kademlia.NodeRecord;
import io.veilnet.kademlia.TransportCipher;
import io.veilnet.kademlia.internal.DefaultKademliaNode;
import io.veilnet.kademlia.internal.KademliaProtocol;
import io.veilnet.kademlia.internal.Message;
import io.veilnet.kademlia.internal.RpcTransport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import reactor.core.publisher.Flux;

/**
 * Request/response pairs per second over real loopback UDP, client and server each on their own
 * one-thread event loop, {@value #WINDOW} requests in flight: a raw Netty echo of a datagram of
 * the encrypted PING's size, against encrypted PING/PONG through two {@link KademliaNode}s
 * (Noise session, AEAD per {@code cipher}, codec, protocol, reactive API). {@link LoopCpu} adds
 * the CPU time of both event-loop threads, for pairs per server CPU-second on a busy machine.
 */
@State(Scope.Benchmark)
public class KademliaUdpBenchmark extends AbstractMicrobenchmark {
  static final int WINDOW = 256;
  /** FIND_NODE answers are 3 datagrams each: fewer in flight. */
  static final int FN_WINDOW = 64;
  /** Size of an encrypted PING datagram: 13 header + 6 fragment + 11 message + 16 tag. */
  static final int PING_DATAGRAM = 46;

  private EventLoopGroup clientLoop;
  private EventLoopGroup serverLoop;
  private Channel echoServer;
  private Channel echoClient;
  private volatile CountDownLatch echoes;
  private KademliaResources clientRes;
  private KademliaResources serverRes;
  private KademliaNode client;
  private KademliaNode server;
  private NodeRecord serverRecord;

  /** Noise cipher suite of both nodes. */
  @Param({"AES_256_GCM", "CHACHA20_POLY1305"})
  public TransportCipher cipher;

  @Setup
  public void setup() throws Exception {
    clientLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    serverLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    echoServer = new Bootstrap().group(serverLoop).channel(NioDatagramChannel.class)
        .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(1280))
        .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
          @Override
          protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
            ctx.writeAndFlush(new DatagramPacket(p.content().retain(), p.sender()));
          }
        }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    echoClient = new Bootstrap().group(clientLoop).channel(NioDatagramChannel.class)
        .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(1280))
        .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
          @Override
          protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
            echoes.countDown();
          }
        }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();

    clientRes = KademliaResources.create(1);
    serverRes = KademliaResources.create(1);
    SecureRandom r = new SecureRandom();
    KademliaConfig.Builder c = KademliaConfig.builder().puzzleDifficulty(0)
        .rateLimitEnabled(false).transportCipher(cipher);
    client = KademliaNode.start(NodeIdentity.generate(0, r),
        c.bindAddress(InetAddress.getByName("127.0.0.1")).build(), clientRes)
        .block(Duration.ofSeconds(10));
    server = KademliaNode.start(NodeIdentity.generate(0, r),
        c.bindAddress(InetAddress.getByName("127.0.0.2")).build(), serverRes)
        .block(Duration.ofSeconds(10));
    serverRecord = server.record();
    // give the server 20 peers so that FIND_NODE answers carry k = 20 records (3 datagrams)
    DefaultKademliaNode srv = (DefaultKademliaNode) server;
    for (int i = 0; i < 20; i++) {
      NodeIdentity p = NodeIdentity.generate(0, r);
      NodeRecord u = new NodeRecord(p.identityPublicKey(), p.staticPublicKey(),
          InetAddress.getByName("127.0.9." + (i + 1)), 4000, 4001, 1, System.currentTimeMillis(),
          3_600, new byte[64]);
      NodeRecord rec = u.withSignature(p.sign(u.signedBytes()));
      srv.eventLoop().submit(() -> srv.protocol().onContact(rec)).get();
    }
    client.ping(serverRecord).block(Duration.ofSeconds(5));
    LoopCpu.clientThread = ((DefaultKademliaNode) client).eventLoop()
        .submit(() -> Thread.currentThread().getId()).get();
    LoopCpu.serverThread = srv.eventLoop().submit(() -> Thread.currentThread().getId()).get();
    LoopCpu.echoClientThread = echoClient.eventLoop()
        .submit(() -> Thread.currentThread().getId()).get();
    LoopCpu.echoServerThread = echoServer.eventLoop()
        .submit(() -> Thread.currentThread().getId()).get();
  }

  @TearDown
  public void tearDown() throws Exception {
    client.close();
    server.close();
    clientRes.close();
    serverRes.close();
    echoClient.close().sync();
    echoServer.close().sync();
    clientLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    serverLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  @Benchmark
  @OperationsPerInvocation(WINDOW)
  public long rawUdpEcho(LoopCpu cpu) throws InterruptedException {
    CountDownLatch l = new CountDownLatch(WINDOW);
    echoes = l;
    InetSocketAddress to = (InetSocketAddress) echoServer.localAddress();
    echoClient.eventLoop().execute(() -> {
      for (int i = 0; i < WINDOW; i++) {
        echoClient.write(new DatagramPacket(Unpooled.wrappedBuffer(new byte[PING_DATAGRAM]), to));
      }
      echoClient.flush();
    });
    l.await(2, TimeUnit.SECONDS);
    cpu.completed(WINDOW - l.getCount());
    return l.getCount();
  }

  /**
   * Encrypted PING/PONG RPCs issued on the client's event loop (no Reactor hop per call): the
   * transport cost to compare with {@link #rawUdpEcho}.
   */
  @Benchmark
  @OperationsPerInvocation(WINDOW)
  public long encryptedPingRpc(LoopCpu cpu) throws InterruptedException {
    DefaultKademliaNode c = (DefaultKademliaNode) client;
    CountDownLatch l = new CountDownLatch(WINDOW);
    c.eventLoop().execute(() -> {
      KademliaProtocol p = c.protocol();
      for (int i = 0; i < WINDOW; i++) {
        p.send(serverRecord, new Message.Ping(p.nextRequestId(), null), 5_000,
            new RpcTransport.ResponseHandler() {
              @Override
              public void onResponse(Message.Response response) {
                l.countDown();
              }

              @Override
              public void onFailure(RpcTransport.Failure failure) {}
            });
      }
    });
    l.await(5, TimeUnit.SECONDS);
    cpu.completed(WINDOW - l.getCount());
    return l.getCount();
  }

  /** Single FIND_NODE RPCs (not lookups), each answered with 20 records in 3 datagrams. */
  @Benchmark
  @OperationsPerInvocation(FN_WINDOW)
  public long encryptedFindNode(LoopCpu cpu) throws InterruptedException {
    DefaultKademliaNode c = (DefaultKademliaNode) client;
    CountDownLatch l = new CountDownLatch(FN_WINDOW);
    c.eventLoop().execute(() -> {
      KademliaProtocol p = c.protocol();
      for (int i = 0; i < FN_WINDOW; i++) {
        p.send(serverRecord, new Message.FindNode(p.nextRequestId(), serverRecord.nodeId()), 5_000,
            new RpcTransport.ResponseHandler() {
              @Override
              public void onResponse(Message.Response response) {
                if (response instanceof Message.Nodes n && n.nodes().size() == 20) {
                  l.countDown();
                }
              }

              @Override
              public void onFailure(RpcTransport.Failure failure) {}
            });
      }
    });
    l.await(5, TimeUnit.SECONDS);
    cpu.completed(FN_WINDOW - l.getCount());
    return l.getCount();
  }

  @Benchmark
  @OperationsPerInvocation(WINDOW)
  public Long encryptedPing() {
    return Flux.range(0, WINDOW)
        .flatMap(i -> client.ping(serverRecord).onErrorResume(e -> reactor.core.publisher.Mono.empty()), WINDOW)
        .count().block(Duration.ofSeconds(10));
  }
}
