package io.veilnet.bench.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.veilnet.crypto.Bytes;
import io.veilnet.kademlia.KademliaConfig;
import io.veilnet.kademlia.KademliaNode;
import io.veilnet.kademlia.KademliaResources;
import io.veilnet.kademlia.NodeId;
import io.veilnet.kademlia.NodeIdentity;
import io.veilnet.kademlia.NodeRecord;
import io.veilnet.kademlia.internal.DefaultKademliaNode;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The load generator of {@code bench rpc}, run as a separate JVM so its CPU is not the server's.
 * Arguments are {@code key=value}: {@code record} (server node record, hex), {@code echo}
 * (host:port of the raw UDP echo server), {@code op} (ping|find_node), {@code step_ms},
 * {@code windows} (comma-separated outstanding-request windows, rising), {@code size} (echo
 * datagram bytes), {@code bind} (client address). It reports on stdout, one line per event:
 * {@code READY}, {@code BEGIN phase window}, {@code END phase window pairs nanos}, {@code DONE};
 * the parent samples its own CPU time at each line. Every step is bounded by {@code step_ms}.
 */
public final class RpcLoadClient {
  private RpcLoadClient() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (String s : args) {
      int eq = s.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("expected key=value, got " + s);
      }
      a.put(s.substring(0, eq), s.substring(eq + 1));
    }
    NodeRecord server = NodeRecord.decode(Bytes.fromHex(a.get("record")));
    String[] hp = a.get("echo").split(":");
    InetSocketAddress echo = new InetSocketAddress(InetAddress.getByName(hp[0]), Integer.parseInt(hp[1]));
    String op = a.get("op");
    long stepMs = Long.parseLong(a.get("step_ms"));
    List<Integer> windows = java.util.Arrays.stream(a.get("windows").split(","))
        .map(Integer::parseInt).toList();
    int size = Integer.parseInt(a.get("size"));
    InetAddress bind = InetAddress.getByName(a.get("bind"));
    PrintStream out = System.out;

    try (KademliaResources resources = KademliaResources.create(1)) {
      KademliaConfig c = KademliaConfig.builder().puzzleDifficulty(0).bindAddress(bind)
          .rateLimitEnabled(false).build();
      KademliaNode client = KademliaNode.start(NodeIdentity.generate(0, new SecureRandom()), c,
          resources).block(Duration.ofSeconds(30));
      try {
        // handshake before measuring; a cold JVM on a loaded machine may miss the first timeout
        client.ping(server).retry(10).block(Duration.ofSeconds(60));
        out.println("READY");
        out.flush();
        SplittableRandom random = new SplittableRandom(1);
        Mono<Long> one = "find_node".equals(op)
            ? Mono.defer(() -> ((DefaultKademliaNode) client)
                .findNodeAt(server, NodeId.random(new java.util.Random(random.nextLong())))
                .map(r -> 1L))
            : Mono.defer(() -> client.ping(server).map(d -> 1L));
        kadStep(out, "warm", Math.max(16, windows.get(windows.size() - 1) / 2),
            Math.max(500, stepMs / 2), one);
        for (int w : windows) {
          kadStep(out, "kad", w, stepMs, one);
        }
      } finally {
        client.close();
      }
    }
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      echoStep(out, group, bind, echo, size, "warm", windows.get(windows.size() - 1),
          Math.max(500, stepMs / 2));
      for (int w : windows) {
        echoStep(out, group, bind, echo, size, "echo", w, stepMs);
      }
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }
    out.println("DONE");
    out.flush();
  }

  /** {@code window} request loops, each re-issuing on every answer until the step ends. */
  private static void kadStep(PrintStream out, String phase, int window, long stepMs, Mono<Long> one) {
    out.println("BEGIN " + phase + " " + window);
    out.flush();
    AtomicLong pairs = new AtomicLong();
    long t0 = System.nanoTime();
    long deadline = t0 + stepMs * 1_000_000;
    Mono<Void> loop = one.timeout(Duration.ofSeconds(2))
        .doOnNext(pairs::addAndGet)
        .onErrorResume(e -> Mono.empty())
        .repeat(() -> System.nanoTime() < deadline)
        .then();
    Flux.range(0, window).flatMap(i -> loop, window).then()
        .block(Duration.ofMillis(stepMs + 10_000));
    out.println("END " + phase + " " + window + " " + pairs.get() + " " + (System.nanoTime() - t0));
    out.flush();
  }

  /** A closed-loop raw UDP echo client: {@code window} datagrams in flight, refilled on loss. */
  private static void echoStep(PrintStream out, EventLoopGroup group, InetAddress bind,
      InetSocketAddress echo, int size, String phase, int window, long stepMs)
      throws InterruptedException {
    out.println("BEGIN " + phase + " " + window);
    out.flush();
    AtomicLong pairs = new AtomicLong();
    long t0 = System.nanoTime();
    long deadline = t0 + stepMs * 1_000_000;
    byte[] payload = new byte[size];
    long[] lastProgress = {System.nanoTime()};
    DatagramChannel ch = (DatagramChannel) new Bootstrap().group(group)
        .channel(NioDatagramChannel.class)
        .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
          @Override
          protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
            pairs.incrementAndGet();
            lastProgress[0] = System.nanoTime();
            if (System.nanoTime() < deadline) {
              ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(payload), echo));
            }
          }
        })
        .bind(new InetSocketAddress(bind, 0)).sync().channel();
    try {
      ch.eventLoop().execute(() -> {
        for (int i = 0; i < window; i++) {
          ch.write(new DatagramPacket(Unpooled.wrappedBuffer(payload), echo));
        }
        ch.flush();
      });
      // a lost datagram would shrink the window for good: refill after 100 ms without progress
      var refill = ch.eventLoop().scheduleAtFixedRate(() -> {
        if (System.nanoTime() < deadline && System.nanoTime() - lastProgress[0] > 100_000_000L) {
          lastProgress[0] = System.nanoTime();
          for (int i = 0; i < window; i++) {
            ch.write(new DatagramPacket(Unpooled.wrappedBuffer(payload), echo));
          }
          ch.flush();
        }
      }, 50, 50, TimeUnit.MILLISECONDS);
      ch.eventLoop().schedule(() -> { }, stepMs, TimeUnit.MILLISECONDS).await(stepMs + 10_000);
      refill.cancel(false);
    } finally {
      ch.close().await(5, TimeUnit.SECONDS);
    }
    out.println("END " + phase + " " + window + " " + pairs.get() + " " + (System.nanoTime() - t0));
    out.flush();
  }
}
