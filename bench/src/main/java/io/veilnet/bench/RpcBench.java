package io.veilnet.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.veilnet.bench.internal.RpcLoadClient;
import io.veilnet.crypto.Bytes;
import io.veilnet.kademlia.KademliaConfig;
import io.veilnet.kademlia.KademliaNode;
import io.veilnet.kademlia.KademliaResources;
import io.veilnet.kademlia.NodeIdentity;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench rpc}: one Kademlia node in this process, a load generator in a child JVM that sends
 * encrypted requests (Noise session, ChaCha20-Poly1305 per datagram) with a bounded window of
 * outstanding requests rising step by step, then a raw Netty UDP echo of the same datagram size
 * driven the same way. This process's CPU time over each step gives pairs per server core-second;
 * the best step of each phase is reported, and {@code ratio} compares the two.
 */
public final class RpcBench {
  /**
   * Bytes of an encrypted PING datagram: data header 13 + fragment header 6 + message 11
   * (version, type, request id, no record) + AEAD tag 16.
   */
  static final int PING_DATAGRAM = 13 + 6 + 11 + 16;
  /** FIND_NODE: the same framing around a 42-byte message (10 header + 32 target). */
  static final int FIND_NODE_DATAGRAM = 13 + 6 + 42 + 16;

  /**
   * Peers the server knows in the find_node run: answers name 20 records, as in the recorded
   * figures (referrals may now name up to 1.5 k = 30 peers when the table holds that many).
   */
  static final int NEIGHBOURS = 20;

  public record Options(String op, int seconds, List<Integer> windows) {
    public Options {
      if (!"ping".equals(op) && !"find_node".equals(op)) {
        throw new IllegalArgumentException("--op must be ping or find_node, got " + op);
      }
      if (seconds < 1 || seconds > 3_600) {
        throw new IllegalArgumentException("--seconds must be 1..3600, got " + seconds);
      }
      windows = List.copyOf(windows);
      if (windows.isEmpty() || windows.stream().anyMatch(w -> w < 1 || w > 4_096)) {
        throw new IllegalArgumentException("--windows must be 1..4096 each");
      }
    }

    long stepMillis() {
      return Math.max(500, seconds * 1000L / windows.size());
    }
  }

  /** One step's figures: window, pairs/s, server cores busy, pairs per server core-second. */
  public record Step(String phase, int window, double pairsPerSec, double serverCores,
      double pairsPerCoreSec) {}

  private RpcBench() {}

  public static Map<String, Object> run(Options o, Progress progress) {
    Objects.requireNonNull(o, "o");
    List<Step> steps = new ArrayList<>();
    EventLoopGroup echoGroup = new MultiThreadIoEventLoopGroup(1,
        new DefaultThreadFactory("bench-echo", true), NioIoHandler.newFactory());
    try (KademliaResources resources = KademliaResources.create(1)) {
      KademliaConfig c = KademliaConfig.builder().puzzleDifficulty(0)
          .bindAddress(address("127.0.0.1")).rateLimitEnabled(false).build();
      KademliaNode server = KademliaNode.start(NodeIdentity.generate(0, new SecureRandom()), c,
          resources).block(Duration.ofSeconds(30));
      // FIND_NODE answers name up to 1.5 k peers: give the server a table to answer from
      List<KademliaNode> neighbours = new ArrayList<>();
      if ("find_node".equals(o.op())) {
        for (int i = 0; i < NEIGHBOURS; i++) {
          KademliaNode n = KademliaNode.start(NodeIdentity.generate(0, new SecureRandom()),
              c.toBuilder().bindAddress(address("127.0.1." + (i + 1))).build(), resources)
              .block(Duration.ofSeconds(30));
          neighbours.add(n);
          n.bootstrap(List.of(server.record())).block(Duration.ofSeconds(30));
        }
      }
      Channel echo = startEcho(echoGroup);
      try {
        InetSocketAddress e = (InetSocketAddress) echo.localAddress();
        int size = "ping".equals(o.op()) ? PING_DATAGRAM : FIND_NODE_DATAGRAM;
        List<String> cmd = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m", "-cp", System.getProperty("java.class.path"),
            RpcLoadClient.class.getName(),
            "record=" + Bytes.toHex(server.record().encode()),
            "echo=" + e.getAddress().getHostAddress() + ":" + e.getPort(),
            "op=" + o.op(), "step_ms=" + o.stepMillis(),
            "windows=" + String.join(",", o.windows().stream().map(String::valueOf).toList()),
            "size=" + size, "bind=127.0.0.3"));
        steps.addAll(drive(cmd, o, progress));
      } finally {
        echo.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        neighbours.forEach(KademliaNode::close);
        server.close();
      }
    } finally {
      echoGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
    return report(o, steps);
  }

  /** Builds the report from the measured steps (separate for tests). */
  static Map<String, Object> report(Options o, List<Step> steps) {
    Step kad = best(steps, "kad");
    Step raw = best(steps, "echo");
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("benchmark", "rpc");
    r.put("op", o.op());
    r.put("pairs_per_sec_per_core", kad == null ? Double.NaN : kad.pairsPerCoreSec());
    r.put("raw_udp_echo_pairs_per_sec_per_core", raw == null ? Double.NaN : raw.pairsPerCoreSec());
    r.put("ratio", kad == null || raw == null ? Double.NaN
        : kad.pairsPerCoreSec() / raw.pairsPerCoreSec());
    r.put("pairs_per_sec", kad == null ? Double.NaN : kad.pairsPerSec());
    r.put("raw_udp_echo_pairs_per_sec", raw == null ? Double.NaN : raw.pairsPerSec());
    Map<String, Object> byWindow = new LinkedHashMap<>();
    for (Step k : steps) {
      for (Step e : steps) {
        if (k.phase().equals("kad") && e.phase().equals("echo") && k.window() == e.window()) {
          byWindow.put(String.valueOf(k.window()), k.pairsPerCoreSec() / e.pairsPerCoreSec());
        }
      }
    }
    r.put("ratio_by_window", byWindow);
    r.put("datagram_bytes", "ping".equals(o.op()) ? PING_DATAGRAM : FIND_NODE_DATAGRAM);
    List<Object> s = new ArrayList<>();
    for (Step st : steps) {
      s.add(Json.object("phase", st.phase(), "window", st.window(), "pairs_per_sec",
          st.pairsPerSec(), "server_cores", st.serverCores(), "pairs_per_sec_per_core",
          st.pairsPerCoreSec()));
    }
    r.put("steps", s);
    r.put("machine", DhtBench.machine());
    return r;
  }

  /**
   * The sustained figure of a phase: the step with the most pairs/s (the rate the server kept up
   * with), reported per server core-second at that step.
   */
  static Step best(List<Step> steps, String phase) {
    Step best = null;
    for (Step s : steps) {
      if (s.phase().equals(phase) && (best == null || s.pairsPerSec() > best.pairsPerSec())) {
        best = s;
      }
    }
    return best;
  }

  private static List<Step> drive(List<String> cmd, Options o, Progress progress) {
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the load generator: " + e.getMessage(), e);
    }
    // the child is bounded by its steps; kill it if it overruns them by a minute
    long boundMs = 2 * (o.windows().size() + 1) * o.stepMillis() + 60_000;
    CompletableFuture<Process> exited = p.onExit();
    CompletableFuture.delayedExecutor(boundMs, TimeUnit.MILLISECONDS)
        .execute(() -> {
          if (!exited.isDone()) {
            p.destroyForcibly();
          }
        });
    List<Step> steps = new ArrayList<>();
    progress.phase("rpc " + o.op() + "+echo", 2L * o.windows().size() + 2);
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      long cpuAtBegin = 0;
      boolean done = false;
      String line;
      while ((line = in.readLine()) != null) {
        String[] f = line.trim().split(" ");
        if (f[0].equals("BEGIN")) {
          cpuAtBegin = DhtBench.cpuNanos();
        } else if (f[0].equals("END") && f.length == 5) {
          long cpu = DhtBench.cpuNanos() - cpuAtBegin;
          long pairs = Long.parseLong(f[3]);
          long nanos = Long.parseLong(f[4]);
          progress.step();
          if (!f[1].equals("warm")) {
            steps.add(step(f[1], Integer.parseInt(f[2]), pairs, nanos, cpu));
          }
        } else if (f[0].equals("DONE")) {
          done = true;
        }
      }
      progress.end();
      int rc = p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
      if (!done || rc != 0) {
        throw new IllegalStateException("the load generator failed (exit " + rc + ")");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      p.destroyForcibly();
    }
    return steps;
  }

  static Step step(String phase, int window, long pairs, long nanos, long serverCpuNanos) {
    double secs = nanos / 1e9;
    double cpuSecs = Math.max(1e-9, serverCpuNanos / 1e9);
    return new Step(phase, window, pairs / secs, cpuSecs / secs, pairs / cpuSecs);
  }

  private static Channel startEcho(EventLoopGroup group) {
    return new Bootstrap().group(group).channel(NioDatagramChannel.class)
        .handler(new SimpleChannelInboundHandler<DatagramPacket>(false) {
          @Override
          protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
            ctx.writeAndFlush(new DatagramPacket(msg.content(), msg.sender()));
          }
        })
        .bind(new InetSocketAddress(address("127.0.0.2"), 0)).syncUninterruptibly().channel();
  }

  private static InetAddress address(String a) {
    try {
      return InetAddress.getByName(a);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
