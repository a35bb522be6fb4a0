package io.veilnet.bench.files;

import io.veilnet.crypto.CesConfig;
import io.veilnet.crypto.Ed25519PrivateKey;
import io.veilnet.crypto.SimulatedKeyService;
import io.veilnet.crypto.SymmetricKey;
import io.veilnet.engine.files.DefaultFileService;
import io.veilnet.engine.files.FileRef;
import io.veilnet.engine.files.FileServiceConfig;
import io.veilnet.engine.files.InMemoryNetwork;
import io.veilnet.engine.files.NodeId;
import io.veilnet.engine.store.InMemoryNodeStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Put/get throughput of the file service on an in-memory network of N nodes (the Kademlia TCP
 * shard channel has not landed yet, so shards move by reference, not over sockets), beside a raw
 * loopback TCP copy of the same number of bytes in the same run. Reports time to first byte of a
 * get and the put pipeline's throughput per core-second of process CPU time.
 *
 * <p>Usage: {@code FileStorageBench [sizeMiB=256] [nodes=16] [content=random|text] [runs=2]}.
 */
public final class FileStorageBench {
  private FileStorageBench() {}

  public static void main(String[] args) throws Exception {
    int mib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
    int nodes = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    String content = args.length > 2 ? args[2] : "random";
    int runs = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    long total = (long) mib << 20;
    System.out.printf("file storage bench: %d MiB, %d nodes (in-memory network), content=%s, %d cores, JDK %s%n",
        mib, nodes, content, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));

    InMemoryNetwork net = InMemoryNetwork.create(Clock.systemUTC(), Schedulers.immediate(), 5);
    List<NodeId> ids = new ArrayList<>();
    List<Ed25519PrivateKey> keys = new ArrayList<>();
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < nodes; i++) {
      Ed25519PrivateKey k = Ed25519PrivateKey.generate(random);
      NodeId id = NodeId.of(MessageDigest.getInstance("SHA-256").digest(k.publicKey().bytes()));
      keys.add(k);
      ids.add(id);
      net.addNode(id, new InMemoryNodeStore());
    }
    Scheduler cpu = Schedulers.newParallel("bench-ces", Runtime.getRuntime().availableProcessors(), true);
    FileServiceConfig cfg = FileServiceConfig.builder().ces(CesConfig.defaults()).build();
    try (SimulatedKeyService kms = SimulatedKeyService.create(SymmetricKey.random(), ids.stream().map(NodeId::bytes).toList(), 3);
        DefaultFileService putter = DefaultFileService.builder().network(net.view(ids.get(0))).keyService(kms)
            .signer(keys.get(0)).config(cfg).cpuScheduler(cpu).build();
        DefaultFileService getter = DefaultFileService.builder().network(net.view(ids.get(nodes - 1))).keyService(kms)
            .signer(keys.get(nodes - 1)).config(cfg).cpuScheduler(cpu).build()) {
      for (int run = 1; run <= runs; run++) {
        double tcp = rawLoopbackCopy(total);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        FileRef ref = putter.put(source(total, content)).block(Duration.ofMinutes(10));
        long t1 = System.nanoTime();
        long cpuPut = os.getProcessCpuTime() - cpu0;
        AtomicLong firstByte = new AtomicLong();
        long t2 = System.nanoTime();
        long got = getter.get(ref.id())
            .doOnNext(b -> firstByte.compareAndSet(0, System.nanoTime()))
            .map(ByteBuffer::remaining)
            .reduce(0L, (a, b) -> a + b)
            .block(Duration.ofMinutes(10));
        long t3 = System.nanoTime();
        if (got != total) {
          throw new IllegalStateException("got " + got + " bytes, expected " + total);
        }
        double putMBs = total / 1e6 / ((t1 - t0) / 1e9);
        double getMBs = total / 1e6 / ((t3 - t2) / 1e9);
        double perCore = total / 1e6 / (cpuPut / 1e9);
        System.out.printf("run %d: put %.1f MB/s (%.1f MB/s per core-second of CPU), get %.1f MB/s, "
                + "get time to first byte %.1f ms, raw loopback TCP copy %.1f MB/s%n",
            run, putMBs, perCore, getMBs, (firstByte.get() - t2) / 1e6, tcp);
        net.nodes().forEach(id -> {
          var st = net.store(id);
          st.shardIds().forEach(st::deleteShard);
        });
      }
    } finally {
      cpu.dispose();
      keys.forEach(Ed25519PrivateKey::close);
    }
  }

  static Flux<ByteBuffer> source(long total, String content) {
    int chunk = 1 << 16;
    byte[] text = ("Veilnet file storage benchmark line of fairly ordinary English text, number ").getBytes();
    return Flux.generate(() -> new long[] {0, 1}, (state, sink) -> {
      if (state[0] >= total) {
        sink.complete();
        return state;
      }
      int len = (int) Math.min(chunk, total - state[0]);
      byte[] b = new byte[len];
      if (content.equals("text")) {
        for (int i = 0; i < len; i++) {
          b[i] = text[(int) ((state[0] + i) % text.length)];
        }
      } else {
        SplittableRandom r = new SplittableRandom(state[1]++);
        for (int i = 0; i + 8 <= len; i += 8) {
          long v = r.nextLong();
          for (int j = 0; j < 8; j++) {
            b[i + j] = (byte) (v >>> (8 * j));
          }
        }
      }
      state[0] += len;
      sink.next(ByteBuffer.wrap(b));
      return state;
    });
  }

  /** Copies {@code total} bytes over a loopback TCP connection (port 0); returns MB/s. */
  static double rawLoopbackCopy(long total) throws Exception {
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Thread reader = new Thread(() -> {
        try (SocketChannel c = server.accept()) {
          ByteBuffer buf = ByteBuffer.allocateDirect(1 << 16);
          long read = 0;
          while (read < total) {
            buf.clear();
            int n = c.read(buf);
            if (n < 0) {
              break;
            }
            read += n;
          }
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }, "bench-tcp-reader");
      reader.start();
      long t0 = System.nanoTime();
      try (SocketChannel c = SocketChannel.open(server.getLocalAddress())) {
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 16);
        long sent = 0;
        while (sent < total) {
          buf.clear();
          buf.limit((int) Math.min(buf.capacity(), total - sent));
          while (buf.hasRemaining()) {
            sent += c.write(buf);
          }
        }
      }
      reader.join(600_000);
      return total / 1e6 / ((System.nanoTime() - t0) / 1e9);
    }
  }
}
