package io.veilnet.engine.cli.demo;

import io.veilnet.crypto.Bytes;
import io.veilnet.crypto.CesConfig;
import io.veilnet.crypto.SimulatedKeyService;
import io.veilnet.crypto.SymmetricKey;
import io.veilnet.engine.Mode;
import io.veilnet.engine.NodeConfig;
import io.veilnet.engine.RunningNode;
import io.veilnet.engine.Veilnet;
import io.veilnet.engine.internal.DefaultRunningNode;
import io.veilnet.engine.internal.Json;
import io.veilnet.kademlia.KademliaConfig;
import io.veilnet.kademlia.KademliaEvent;
import io.veilnet.kademlia.KademliaResources;
import io.veilnet.wasmhost.IoTunnel;
import io.veilnet.wasmhost.IoTunnels;
import io.veilnet.wasmhost.JobResult;
import io.veilnet.wasmhost.RuntimeKind;
import io.veilnet.wasmhost.WasmJob;
import io.veilnet.wasmhost.WasmSandbox;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;

/**
 * The demo network: N nodes in this process on 127.0.2.x (WAN mode), a file stored as encrypted
 * erasure-coded shards, K shard holders stopped, the file retrieved and verified, and a WASM job run
 * behind the encrypted I/O tunnel. Every figure in the summary is measured here.
 */
public final class Demo {
  /** The demo's options, checked by the command before the run. */
  public record Options(int nodes, int kill, byte[] data, String source, boolean json, RuntimeKind runtime) {}

  static final Duration T = Duration.ofSeconds(60);
  static final int JOB_INPUT_MAX = 1 << 20;

  private final DemoStorage storage;
  private final SimulatedKeyService keys;

  private Demo(DemoStorage storage, SimulatedKeyService keys) {
    this.storage = storage;
    this.keys = keys;
  }

  /** The storage settings every demo uses (4-of-6, 1 MiB segments). */
  public static CesConfig ces() {
    return CesConfig.defaults();
  }

  /** Shards per segment that may be lost: the most nodes {@code --kill} may stop. */
  public static int tolerates() {
    return ces().totalShards() - ces().dataShards();
  }

  /** Fewest nodes: the writer plus one other node per shard of a segment (7 for 4-of-6). */
  public static int minNodes() {
    return ces().totalShards() + 1;
  }

  /** Largest file the demo stores (it is held in memory twice). */
  public static long maxFileBytes() {
    return 256L << 20;
  }

  /** Runs the demo; returns the summary (also printed). Throws on a failed step. */
  public static Map<String, Object> run(Options o, PrintWriter out, PrintWriter err) {
    PrintWriter log = o.json() ? err : out;
    try (SimulatedKeyService keys = SimulatedKeyService.create(SymmetricKey.random(32, new SecureRandom()),
        List.of(new byte[] {1}), 1)) {
      DemoStorage storage = new FileServiceStorage(ces());
      return new Demo(storage, keys).runWith(o, out, err, log);
    }
  }

  private Map<String, Object> runWith(Options o, PrintWriter out, PrintWriter err, PrintWriter log) {
    long tStart = System.nanoTime();
    Map<String, Object> s = new LinkedHashMap<>();
    List<RunningNode> nodes = new ArrayList<>();
    ConcurrentLinkedQueue<Integer> rounds = new ConcurrentLinkedQueue<>();
    Disposable.Composite watch = Disposables.composite();
    KademliaResources loops = KademliaResources.create(2);
    try {
      // 1. the network
      log.printf("veilnet demo: %d nodes in this process on 127.0.2.1-%d (WAN mode over UDP/TCP, Noise-encrypted)%n",
          o.nodes(), o.nodes());
      log.println("  (mDNS discovery needs a multicast interface: LOCAL/HYBRID modes are shown by the");
      log.println("   namespaced tests, e.g. LocalModeIT; the demo does not touch real interfaces)");
      log.flush();
      long t0 = System.nanoTime();
      RunningNode seed = Veilnet.node(config(0, List.of())).resources(loops).keyService(keys).startNow(T);
      nodes.add(seed);
      List<RunningNode> rest = Flux.range(1, o.nodes() - 1)
          .flatMapSequential(i -> Veilnet.node(config(i, List.of(seed.record()))).resources(loops).keyService(keys).start(), 4)
          .collectList().block(T);
      nodes.addAll(rest);
      for (RunningNode n : nodes) {
        n.bootstrapResult().ifPresent(r -> rounds.add(r.trace().rounds()));
        watch.add(n.dht().orElseThrow().events()
            .subscribe(e -> {
              if (e instanceof KademliaEvent.LookupCompleted l) {
                rounds.add(l.trace().rounds());
              }
            }));
      }
      // a refresh round lets early joiners learn about later ones (what the periodic refresh does)
      Flux.fromIterable(nodes).flatMap(n -> n.dht().orElseThrow().findNode(n.id()), 4).blockLast(T);
      long startMs = ms(t0);
      int minTable = nodes.stream().mapToInt(n -> n.dht().orElseThrow().stats().routingTableSize()).min().orElse(0);
      double avgTable = nodes.stream().mapToInt(n -> n.dht().orElseThrow().stats().routingTableSize()).average().orElse(0);
      log.printf("  started and joined in %d ms: routing tables hold %d..%d peers (avg %.1f) of %d others%n",
          startMs, minTable, nodes.stream().mapToInt(n -> n.dht().orElseThrow().stats().routingTableSize()).max().orElse(0),
          avgTable, o.nodes() - 1);
      if (minTable < 1) {
        throw new IllegalStateException("a node found no peers");
      }
      s.put("nodes", o.nodes());

      // 2. store
      byte[] data = o.data();
      String fileSha = Bytes.toHex(sha256(data));
      RunningNode writer = nodes.get(0);
      RunningNode reader = nodes.get(nodes.size() - 1);
      log.printf("storing %s (%s, sha256 %s...) from node %s: %s%n", o.source(), size(data.length),
          fileSha.substring(0, 16), short16(writer), storage.describe());
      log.flush();
      Progress bar = new Progress(err, data.length);
      t0 = System.nanoTime();
      DemoStorage.Stored stored = storage.put(writer, data, bar::update);
      long putMs = ms(t0);
      bar.done();
      int shardsStored = nodes.stream().mapToInt(Demo::shardCount).sum();
      log.printf("  stored in %d ms (%.1f MiB/s): %d segments, %d shards and manifest pages on %d nodes,"
              + " manifest in the DHT under file id %s...%n",
          putMs, mibPerS(data.length, putMs), stored.segments(), shardsStored, holders(nodes).size(),
          Bytes.toHex(stored.fileId()).substring(0, 16));

      // 3. stop K shard holders (never the reader)
      List<RunningNode> victims = nodes.stream().filter(n -> n != reader)
          .sorted(Comparator.comparingInt((RunningNode n) -> -shardCount(n)))
          .limit(o.kill()).collect(Collectors.toList());
      int shardsLost = victims.stream().mapToInt(Demo::shardCount).sum();
      for (RunningNode v : victims) {
        v.dispose();
      }
      Flux.fromIterable(victims).flatMap(RunningNode::onClose).blockLast(T);
      log.printf("stopped %d node%s holding %d shards and manifest pages: %s%n", victims.size(), victims.size() == 1 ? "" : "s",
          shardsLost, victims.stream().map(Demo::short16).collect(Collectors.joining(", ")));
      s.put("killed", victims.size());

      // 4. retrieve and verify
      t0 = System.nanoTime();
      byte[] got = storage.get(reader, stored);
      long getMs = ms(t0);
      String gotSha = Bytes.toHex(sha256(got));
      boolean verified = Arrays.equals(got, data);
      log.printf("retrieved on node %s in %d ms (%.1f MiB/s); sha256 %s...: %s%n",
          short16(reader), getMs, mibPerS(data.length, getMs), gotSha.substring(0, 16),
          verified ? "bytes match" : "MISMATCH");
      s.put("file_bytes", data.length);
      s.put("file_sha256", fileSha);
      s.put("retrieved_sha256", gotSha);
      s.put("verified", verified);
      s.put("put_ms", putMs);
      s.put("get_ms", getMs);
      s.put("put_mib_s", round1(mibPerS(data.length, putMs)));
      s.put("get_mib_s", round1(mibPerS(data.length, getMs)));
      s.put("segments", stored.segments());
      s.put("blobs_stored", shardsStored);
      s.put("blobs_lost", shardsLost);
      s.put("erasure", ces().dataShards() + "-of-" + ces().totalShards());

      // 5. a WASM job behind the encrypted I/O tunnel
      RunningNode worker = nodes.stream().filter(n -> !n.isDisposed() && n != reader).findFirst().orElse(reader);
      byte[] input = Arrays.copyOf(got, Math.min(JOB_INPUT_MAX, got.length));
      t0 = System.nanoTime();
      boolean jobOk;
      long fuel;
      try (SymmetricKey jobKey = keys.generateEphemeralKey();
          WasmSandbox sandbox = WasmSandbox.builder().runtime(o.runtime()).workers(1).queueCapacity(1).build()) {
        IoTunnel tunnel = IoTunnels.aesGcm(jobKey);
        byte[] sealedIn = tunnel.encrypt(input);
        JobResult r = sandbox.execute(WasmJob.of(sha256Module()).input(sealedIn).tunnel(tunnel)
            .limits(worker.config().jobLimits())).block(T);
        byte[] digest = tunnel.decrypt(r.output());
        jobOk = r.encrypted() && Arrays.equals(digest, sha256(input));
        fuel = r.fuelUsed();
      }
      long jobMs = ms(t0);
      log.printf("ran sha256.wasm (%s) on node %s's sandbox over %s of the file; input and output crossed the host"
          + " only as AES-GCM tunnel ciphertext: %s in %d ms, %,d fuel%n", o.runtime().name().toLowerCase(),
          short16(worker), size(input.length), jobOk ? "digest matches" : "DIGEST MISMATCH", jobMs, fuel);
      s.put("job_ok", jobOk);
      s.put("job_ms", jobMs);
      s.put("job_runtime", o.runtime().name().toLowerCase());

      List<Integer> r = new ArrayList<>(rounds);
      r.sort(Comparator.naturalOrder());
      int p50 = r.isEmpty() ? 0 : r.get(r.size() / 2);
      s.put("lookup_rounds_p50", p50);
      s.put("lookup_rounds_max", r.isEmpty() ? 0 : r.get(r.size() - 1));
      s.put("lookups", r.size());
      s.put("routing_table_min", minTable);
      s.put("start_ms", startMs);
      s.put("total_ms", ms(tStart));
      s.put("storage", "file-service");
      s.put("ok", verified && jobOk);
      log.printf("summary: %d nodes, %d stopped; %s put in %d ms, got back in %d ms, verified=%s; job_ok=%s;"
              + " %d lookups, median %d rounds; %d ms in all%n",
          o.nodes(), victims.size(), size(data.length), putMs, getMs, verified, jobOk, r.size(), p50, ms(tStart));
      log.flush();
      if (o.json()) {
        out.println(toJson(s));
        out.flush();
      }
      return s;
    } finally {
      watch.dispose();
      for (RunningNode n : nodes) {
        n.dispose();
      }
      Flux.fromIterable(nodes).flatMap(RunningNode::onClose).blockLast(Duration.ofSeconds(15));
      loops.close();
    }
  }

  private static NodeConfig config(int i, List<io.veilnet.kademlia.NodeRecord> seeds) {
    try {
      return NodeConfig.builder().mode(Mode.WAN)
          .bindAddress(InetAddress.getByName("127.0.2." + (i + 1)))
          .puzzleDifficulty(4)
          .bootstrap(seeds)
          .kademlia(KademliaConfig.builder().rpcTimeout(Duration.ofMillis(500))
              .maxRpcTimeout(Duration.ofMillis(1_000)).lookupTimeout(Duration.ofSeconds(5)).build())
          .build();
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<RunningNode> holders(List<RunningNode> nodes) {
    return nodes.stream().filter(n -> shardCount(n) > 0).toList();
  }

  private static int shardCount(RunningNode n) {
    return ((DefaultRunningNode) n).nodeStore().shardIds().size();
  }

  static byte[] sha256(byte[] b) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(b);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }

  static byte[] sha256Module() {
    try (InputStream in = Demo.class.getResourceAsStream("/io/veilnet/engine/demo/sha256.wasm")) {
      if (in == null) {
        throw new IllegalStateException("sha256.wasm is missing from the launcher");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the embedded sha256.wasm: " + e.getMessage(), e);
    }
  }

  /** Pseudo-random demo data (incompressible, so the figures are not flattered by zstd). */
  public static byte[] generate(int size) {
    byte[] b = new byte[size];
    SplittableRandom r = new SplittableRandom(new SecureRandom().nextLong());
    for (int i = 0; i < size; i += 8) {
      long v = r.nextLong();
      for (int j = 0; j < 8 && i + j < size; j++) {
        b[i + j] = (byte) (v >>> (8 * j));
      }
    }
    return b;
  }

  static String toJson(Map<String, Object> m) {
    return m.entrySet().stream()
        .map(e -> Json.str(e.getKey()) + ":" + (e.getValue() instanceof String v ? Json.str(v) : String.valueOf(e.getValue())))
        .collect(Collectors.joining(",", "{", "}"));
  }

  private static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private static double mibPerS(long bytes, long ms) {
    return ms <= 0 ? 0 : bytes / 1048576.0 / (ms / 1000.0);
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  static String size(long bytes) {
    return bytes >= 1 << 20 ? String.format("%.1f MiB", bytes / 1048576.0)
        : bytes >= 1024 ? String.format("%.1f KiB", bytes / 1024.0) : bytes + " B";
  }

  private static String short16(RunningNode n) {
    return n.id().toHex().substring(0, 8);
  }

  /** A one-line progress bar on stderr. */
  static final class Progress {
    private final PrintWriter err;
    private final long total;
    private final boolean tty = System.console() != null;
    private int last = 0;

    Progress(PrintWriter err, long total) {
      this.err = err;
      this.total = Math.max(1, total);
    }

    synchronized void update(long done) {
      int width = 30;
      // on a terminal the bar redraws in place; elsewhere (logs, pipes) one line per quarter
      int steps = tty ? width : 4;
      int filled = (int) (done * steps / total);
      if (filled == last) {
        return;
      }
      last = filled;
      int bar = (int) (done * width / total);
      err.printf("%s  [%s%s] %s of %s%s", tty ? "\r" : "", "#".repeat(bar), ".".repeat(width - bar),
          size(done), size(total), tty ? "" : "\n");
      err.flush();
    }

    void done() {
      if (tty) {
        err.println();
        err.flush();
      }
    }
  }
}
