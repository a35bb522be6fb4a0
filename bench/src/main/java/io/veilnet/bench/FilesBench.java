package io.veilnet.bench;

import io.veilnet.crypto.Ed25519PrivateKey;
import io.veilnet.crypto.SimulatedKeyService;
import io.veilnet.crypto.SymmetricKey;
import io.veilnet.crypto.X25519PrivateKey;
import io.veilnet.engine.files.DefaultFileService;
import io.veilnet.engine.files.FileRef;
import io.veilnet.engine.files.FileService;
import io.veilnet.engine.files.FileServiceConfig;
import io.veilnet.engine.files.InMemoryNetwork;
import io.veilnet.engine.files.KademliaShardNetwork;
import io.veilnet.engine.files.NodeId;
import io.veilnet.engine.files.ProviderAnnouncer;
import io.veilnet.engine.files.ShardNetwork;
import io.veilnet.engine.files.Transfer;
import io.veilnet.engine.store.InMemoryNodeStore;
import io.veilnet.engine.store.NodeBlobStore;
import io.veilnet.kademlia.InMemoryRecordStore;
import io.veilnet.kademlia.KademliaConfig;
import io.veilnet.kademlia.KademliaNode;
import io.veilnet.kademlia.KademliaResources;
import io.veilnet.kademlia.NodeIdentity;
import io.veilnet.kademlia.NodeRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import reactor.core.Disposable;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * {@code bench files}: put one generated file through {@link DefaultFileService} on one node and
 * get it back on another, on N nodes of either real Kademlia nodes on loopback (encrypted UDP
 * RPCs, shards over the encrypted TCP blob channel) or the in-memory network (shards by
 * reference: the pipeline's cost alone). Beside it, in the same run, a raw loopback TCP copy of
 * the same number of bytes. The get is checked byte-identical (SHA-256 of both streams).
 */
public final class FilesBench {
  /** What the generated file holds. */
  public enum Content {
    RANDOM, TEXT;

    static Content parse(String s) {
      return switch (Objects.requireNonNull(s, "content").toLowerCase(Locale.ROOT)) {
        case "random" -> RANDOM;
        case "text" -> TEXT;
        default -> throw new IllegalArgumentException("--content must be random or text, got " + s);
      };
    }
  }

  /** Where the shards go. */
  public enum Network {
    KADEMLIA, MEMORY;

    static Network parse(String s) {
      return switch (Objects.requireNonNull(s, "network").toLowerCase(Locale.ROOT)) {
        case "kademlia" -> KADEMLIA;
        case "memory" -> MEMORY;
        default -> throw new IllegalArgumentException("--network must be kademlia or memory, got " + s);
      };
    }
  }

  /**
   * @param timeout bound on each put, each get and each raw copy
   */
  public record Options(int nodes, int sizeMiB, Content content, Network network, int runs,
      Duration timeout) {
    public Options {
      Objects.requireNonNull(content, "content");
      Objects.requireNonNull(network, "network");
      Objects.requireNonNull(timeout, "timeout");
      if (nodes < 6 || nodes > 200) {
        throw new IllegalArgumentException(
            "--nodes must be 6..200 (4-of-6 erasure coding wants 6 holders), got " + nodes);
      }
      if (sizeMiB < 1 || sizeMiB > 65_536) {
        throw new IllegalArgumentException("--size-mib must be 1..65536, got " + sizeMiB);
      }
      if (runs < 1 || runs > 20) {
        throw new IllegalArgumentException("--runs must be 1..20, got " + runs);
      }
      if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofHours(6)) > 0) {
        throw new IllegalArgumentException("--timeout must be 1..21600 seconds, got "
            + timeout.toSeconds());
      }
    }

    long bytes() {
      return (long) sizeMiB << 20;
    }
  }

  private static final int CHUNK = 1 << 16;
  private static final int SEGMENT = 1 << 20;

  private FilesBench() {}

  /** Runs the benchmark; throws {@link IllegalStateException} with one clear line on failure. */
  public static Map<String, Object> run(Options o, Progress progress) {
    long total = o.bytes();
    long segments = (total + SEGMENT - 1) / SEGMENT;
    List<Map<String, Object>> runs = new ArrayList<>();
    long t0 = System.nanoTime();
    long startMs;
    try (Cluster c = o.network() == Network.KADEMLIA
        ? new KademliaCluster(o.nodes(), progress) : new MemoryCluster(o.nodes())) {
      startMs = (System.nanoTime() - t0) / 1_000_000;
      for (int run = 1; run <= o.runs(); run++) {
        String tag = o.runs() == 1 ? "" : " " + run;
        double tcp = rawLoopbackCopy(total, o.timeout());

        MessageDigest putDigest = sha256();
        long cpu0 = DhtBench.cpuNanos();
        long p0 = System.nanoTime();
        Transfer<Mono<FileRef>> put = c.putter()
            .putTracked(source(total, o.content()).doOnNext(b -> putDigest.update(b.duplicate())),
                "bench-" + run + ".bin", total);
        FileRef ref = await(put.progress(), "put" + tag, segments, progress,
            () -> put.result().block(o.timeout()), "put", o.timeout());
        long putNanos = System.nanoTime() - p0;
        long putCpu = DhtBench.cpuNanos() - cpu0;

        MessageDigest getDigest = sha256();
        AtomicLong firstByte = new AtomicLong();
        AtomicLong got = new AtomicLong();
        long g0 = System.nanoTime();
        Transfer<Flux<ByteBuffer>> get = c.getter().getTracked(ref.id());
        await(get.progress(), "get" + tag, segments, progress,
            () -> get.result()
                .doOnNext(b -> {
                  firstByte.compareAndSet(0, System.nanoTime());
                  got.addAndGet(b.remaining());
                  getDigest.update(b.duplicate());
                })
                .then().block(o.timeout()), "get", o.timeout());
        long getNanos = System.nanoTime() - g0;
        if (got.get() != total) {
          throw new IllegalStateException("bench files: get returned " + got.get()
              + " bytes, expected " + total);
        }
        if (!MessageDigest.isEqual(putDigest.digest(), getDigest.digest())) {
          throw new IllegalStateException("bench files: get returned different bytes than were put");
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("run", run);
        r.put("put_mb_s", total / 1e6 / (putNanos / 1e9));
        r.put("put_mb_s_per_core", putCpu > 0 ? total / 1e6 / (putCpu / 1e9) : Double.NaN);
        r.put("get_mb_s", total / 1e6 / (getNanos / 1e9));
        r.put("first_byte_ms", firstByte.get() == 0 ? Double.NaN : (firstByte.get() - g0) / 1e6);
        r.put("raw_tcp_mb_s", tcp);
        r.put("verified", true);
        runs.add(r);
        c.clearShards();
      }
    }
    // headline figures: the last (warmest) run
    Map<String, Object> last = runs.get(runs.size() - 1);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("benchmark", "files");
    for (String k : List.of("put_mb_s", "get_mb_s", "raw_tcp_mb_s", "first_byte_ms",
        "put_mb_s_per_core", "verified")) {
      r.put(k, last.get(k));
    }
    r.put("network", o.network().name().toLowerCase(Locale.ROOT));
    r.put("nodes", o.nodes());
    r.put("file_bytes", total);
    r.put("content", o.content().name().toLowerCase(Locale.ROOT));
    r.put("segments", segments);
    r.put("start_ms", startMs);
    if (runs.size() > 1) {
      r.put("runs", runs);
    }
    r.put("machine", DhtBench.machine());
    return r;
  }

  /**
   * Blocks on {@code body}, showing the transfer's segment progress; a timeout becomes one line
   * naming the phase.
   */
  private static <T> T await(Flux<io.veilnet.engine.files.Progress> transfer, String phase,
      long segments, Progress progress, Supplier<T> body, String what,
      Duration timeout) {
    progress.phase(phase, segments);
    Disposable d = transfer.subscribe(p -> progress.at(p.segments()), e -> { });
    try {
      T t = body.get();
      progress.end();
      return t;
    } catch (RuntimeException e) {
      Throwable cause = Exceptions.unwrap(e);
      if (cause instanceof TimeoutException || String.valueOf(e.getMessage()).contains("Timeout on blocking")) {
        throw new IllegalStateException("bench files: " + what + " did not finish within "
            + timeout.toSeconds() + " s (raise --timeout or lower --size-mib)", e);
      }
      throw new IllegalStateException("bench files: " + what + " failed: "
          + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()), e);
    } finally {
      d.dispose();
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code total} bytes in 64 KiB buffers: seeded pseudo-random, or repeated English text. */
  static Flux<ByteBuffer> source(long total, Content content) {
    byte[] text = "Veilnet file storage benchmark line of fairly ordinary English text, number "
        .getBytes(StandardCharsets.US_ASCII);
    return Flux.generate(() -> new long[] {0, 1}, (state, sink) -> {
      if (state[0] >= total) {
        sink.complete();
        return state;
      }
      int len = (int) Math.min(CHUNK, total - state[0]);
      byte[] b = new byte[len];
      if (content == Content.TEXT) {
        for (int i = 0; i < len; i++) {
          b[i] = text[(int) ((state[0] + i) % text.length)];
        }
      } else {
        SplittableRandom r = new SplittableRandom(state[1]++);
        for (int i = 0; i < len; i += 8) {
          long v = r.nextLong();
          for (int j = 0; j < 8 && i + j < len; j++) {
            b[i + j] = (byte) (v >>> (8 * j));
          }
        }
      }
      state[0] += len;
      sink.next(ByteBuffer.wrap(b));
      return state;
    });
  }

  /**
   * Copies {@code total} bytes over one loopback TCP connection (port 0) and returns MB/s; fails
   * if it takes longer than {@code timeout}.
   */
  static double rawLoopbackCopy(long total, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    AtomicReference<Throwable> readError = new AtomicReference<>();
    AtomicLong read = new AtomicLong();
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Thread reader = new Thread(() -> {
        try (SocketChannel c = server.accept()) {
          ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
          while (read.get() < total && System.nanoTime() < deadline) {
            buf.clear();
            int n = c.read(buf);
            if (n < 0) {
              break;
            }
            read.addAndGet(n);
          }
        } catch (IOException | RuntimeException e) {
          readError.set(e);
        }
      }, "bench-tcp-reader");
      reader.setDaemon(true);
      reader.start();
      long t0 = System.nanoTime();
      try (SocketChannel c = SocketChannel.open(server.getLocalAddress())) {
        ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
        long sent = 0;
        while (sent < total) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("bench files: raw TCP copy did not finish within "
                + timeout.toSeconds() + " s");
          }
          buf.clear();
          buf.limit((int) Math.min(buf.capacity(), total - sent));
          while (buf.hasRemaining()) {
            sent += c.write(buf);
          }
        }
      }
      reader.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      long nanos = System.nanoTime() - t0;
      if (readError.get() != null) {
        throw new IllegalStateException("bench files: raw TCP copy failed: " + readError.get());
      }
      if (read.get() != total) {
        reader.interrupt();
        throw new IllegalStateException("bench files: raw TCP copy read " + read.get() + " of "
            + total + " bytes within " + timeout.toSeconds() + " s");
      }
      return total / 1e6 / (nanos / 1e9);
    } catch (IOException e) {
      throw new UncheckedIOException("bench files: raw TCP copy: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("bench files: interrupted", e);
    }
  }

  /** A network of nodes with a putting and a getting file service. */
  private interface Cluster extends AutoCloseable {
    FileService putter();

    FileService getter();

    /** Drops every stored shard, so the next run starts empty. */
    void clearShards();

    @Override
    void close();
  }

  private static FileServiceConfig config() {
    return FileServiceConfig.defaults();
  }

  private static Scheduler cpuScheduler() {
    return Schedulers.newParallel("bench-ces", Math.max(1, Runtime.getRuntime().availableProcessors()), true);
  }

  /** {@link InMemoryNetwork}: shards move by reference, no sockets. */
  private static final class MemoryCluster implements Cluster {
    private final InMemoryNetwork net = InMemoryNetwork.create(Clock.systemUTC(), Schedulers.immediate(), 5);
    private final List<Ed25519PrivateKey> keys = new ArrayList<>();
    private final Scheduler cpu = cpuScheduler();
    private final SimulatedKeyService kms;
    private final DefaultFileService putter;
    private final DefaultFileService getter;

    MemoryCluster(int n) {
      SecureRandom random = new SecureRandom();
      List<NodeId> ids = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Ed25519PrivateKey k = Ed25519PrivateKey.generate(random);
        NodeId id = NodeId.of(sha256().digest(k.publicKey().bytes()));
        keys.add(k);
        ids.add(id);
        net.addNode(id, new InMemoryNodeStore());
      }
      kms = SimulatedKeyService.create(SymmetricKey.random(), ids.stream().map(NodeId::bytes).toList(), 3);
      putter = DefaultFileService.builder().network(net.view(ids.get(0))).keyService(kms)
          .signer(keys.get(0)).config(config()).cpuScheduler(cpu).build();
      getter = DefaultFileService.builder().network(net.view(ids.get(n - 1))).keyService(kms)
          .signer(keys.get(n - 1)).config(config()).cpuScheduler(cpu).build();
    }

    @Override
    public FileService putter() {
      return putter;
    }

    @Override
    public FileService getter() {
      return getter;
    }

    @Override
    public void clearShards() {
      for (NodeId id : net.nodes()) {
        var st = net.store(id);
        st.shardIds().forEach(st::deleteShard);
      }
    }

    @Override
    public void close() {
      putter.close();
      getter.close();
      kms.close();
      cpu.dispose();
      keys.forEach(Ed25519PrivateKey::close);
    }
  }

  /**
   * N real {@link KademliaNode}s on {@code 127.0.77.1..N} (port 0), joined through the first, each
   * with an in-memory store behind its TCP blob channel (announcing itself as provider of what it
   * receives); file services on the first and the last node over {@link KademliaShardNetwork}.
   * Rate limits off: one client driving N nodes from one host is not what they model.
   */
  private static final class KademliaCluster implements Cluster {
    private static final Duration START = Duration.ofSeconds(60);
    private final KademliaResources resources = KademliaResources.create(2);
    private final List<KademliaNode> nodes = new ArrayList<>();
    private final List<InMemoryNodeStore> stores = new ArrayList<>();
    private final List<ProviderAnnouncer> announcers = new ArrayList<>();
    private final List<Ed25519PrivateKey> keys = new ArrayList<>();
    private final Scheduler cpu = cpuScheduler();
    private SimulatedKeyService kms;
    private DefaultFileService putter;
    private DefaultFileService getter;

    KademliaCluster(int n, Progress progress) {
      try {
        start(n, progress);
      } catch (RuntimeException e) {
        close();
        throw new IllegalStateException("bench files: could not start " + n
            + " Kademlia nodes on loopback: " + Exceptions.unwrap(e).getMessage(), e);
      }
    }

    private void start(int n, Progress progress) {
      SecureRandom random = new SecureRandom();
      List<NodeId> ids = new ArrayList<>();
      progress.phase("start", n);
      for (int i = 0; i < n; i++) {
        InetAddress addr = address(i);
        KademliaConfig c = KademliaConfig.builder().puzzleDifficulty(0).bindAddress(addr)
            .rpcTimeout(Duration.ofMillis(300)).rateLimitEnabled(false).build();
        Ed25519PrivateKey ed = Ed25519PrivateKey.generate(random);
        keys.add(ed);
        InMemoryNodeStore store = new InMemoryNodeStore();
        ProviderAnnouncer announcer = new ProviderAnnouncer();
        announcers.add(announcer);
        KademliaNode node = KademliaNode.start(
            new NodeIdentity(ed, X25519PrivateKey.generate(random)), c, resources,
            new InMemoryRecordStore(), new NodeBlobStore(store, announcer)).block(START);
        nodes.add(node);
        announcer.bind(node);
        stores.add(store);
        ids.add(NodeId.of(node.id().toBytes()));
        progress.step();
      }
      progress.end();
      progress.phase("bootstrap", n - 1);
      NodeRecord seed = nodes.get(0).record();
      Flux.range(1, n - 1)
          .flatMap(i -> nodes.get(i).bootstrap(List.of(seed)).doFinally(s -> progress.step()), 4)
          .blockLast(START);
      nodes.get(0).bootstrap(List.of(nodes.get(1).record())).block(START);
      progress.end();
      kms = SimulatedKeyService.create(SymmetricKey.random(), ids.stream().map(NodeId::bytes).toList(), 3);
      putter = service(0);
      getter = service(n - 1);
    }

    private DefaultFileService service(int i) {
      ShardNetwork net = new KademliaShardNetwork(nodes.get(i), stores.get(i), null,
          Schedulers.boundedElastic());
      return DefaultFileService.builder().network(net).keyService(kms).signer(keys.get(i))
          .config(config()).cpuScheduler(cpu).build();
    }

    private static InetAddress address(int i) {
      try {
        return InetAddress.getByAddress(new byte[] {127, 0, 77, (byte) (i + 1)});
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public FileService putter() {
      return putter;
    }

    @Override
    public FileService getter() {
      return getter;
    }

    @Override
    public void clearShards() {
      stores.forEach(s -> s.shardIds().forEach(s::deleteShard));
    }

    @Override
    public void close() {
      if (putter != null) {
        putter.close();
      }
      if (getter != null) {
        getter.close();
      }
      announcers.forEach(ProviderAnnouncer::dispose);
      for (KademliaNode n : nodes) {
        if (!n.isDisposed()) {
          n.close();
        }
      }
      resources.close();
      if (kms != null) {
        kms.close();
      }
      cpu.dispose();
      keys.forEach(Ed25519PrivateKey::close);
    }
  }
}
