package io.veilnet.engine.files;

import io.veilnet.engine.store.NodeStore;
import io.veilnet.kademlia.KademliaNode;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Test fixture standing in for the Kademlia TCP blob channel (not landed yet): plain TCP on
 * loopback, port 0, one request per connection ({@code op(1) ‖ id(32) ‖ len(4) ‖ bytes}, answer
 * {@code status(1) ‖ len(4) ‖ bytes}). The server checks ids, stores durably, announces itself as
 * provider through its Kademlia node, then acknowledges. No encryption or authentication: the
 * bytes are ciphertext and every fetch is verified against its id, but this is not for production.
 */
final class LoopbackShards implements AutoCloseable {
  private static final int STORE = 1;
  private static final int FETCH = 2;
  private static final int HAS = 3;
  private static final int MAX_SHARD = 64 << 20;
  private final Map<NodeId, Server> servers = new ConcurrentHashMap<>();
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "loopback-shards");
    t.setDaemon(true);
    return t;
  });

  final class Server implements AutoCloseable {
    final ServerSocket socket;
    final NodeStore store;
    final KademliaNode node;
    volatile boolean tamper;

    Server(InetAddress bind, NodeStore store, KademliaNode node) throws IOException {
      this.socket = new ServerSocket(0, 50, bind);
      this.store = store;
      this.node = node;
      pool.execute(this::acceptLoop);
    }

    InetSocketAddress address() {
      return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private void acceptLoop() {
      while (!socket.isClosed()) {
        try {
          Socket c = socket.accept();
          pool.execute(() -> handle(c));
        } catch (IOException e) {
          return; // closed
        }
      }
    }

    private void handle(Socket c) {
      try (c; DataInputStream in = new DataInputStream(c.getInputStream());
          DataOutputStream out = new DataOutputStream(c.getOutputStream())) {
        c.setSoTimeout(10_000);
        int op = in.readUnsignedByte();
        byte[] id = in.readNBytes(32);
        int len = in.readInt();
        if (len < 0 || len > MAX_SHARD) {
          return;
        }
        byte[] body = in.readNBytes(len);
        ContentId cid = ContentId.of(id);
        switch (op) {
          case STORE -> {
            if (!cid.matches(body)) {
              out.writeByte(2);
              out.writeInt(0);
              return;
            }
            store.putShard(id, body);
            node.provide(io.veilnet.kademlia.NodeId.of(id)).block(Duration.ofSeconds(10));
            out.writeByte(0);
            out.writeInt(0);
          }
          case FETCH -> {
            byte[] shard = store.getShard(id).orElse(null);
            if (shard == null) {
              out.writeByte(1);
              out.writeInt(0);
            } else {
              if (tamper) {
                shard[shard.length / 2] ^= 1;
              }
              out.writeByte(0);
              out.writeInt(shard.length);
              out.write(shard);
            }
          }
          case HAS -> {
            out.writeByte(store.hasShard(id) ? 0 : 1);
            out.writeInt(0);
          }
          default -> {
            out.writeByte(2);
            out.writeInt(0);
          }
        }
      } catch (IOException | RuntimeException e) {
        if (!Thread.currentThread().isInterrupted()) {
          e.printStackTrace(); // the client sees a closed connection
        }
      }
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // already closed
      }
    }
  }

  Server serve(NodeId id, InetAddress bind, NodeStore store, KademliaNode node) throws IOException {
    Server s = new Server(bind, store, node);
    servers.put(id, s);
    return s;
  }

  Server server(NodeId id) {
    return servers.get(id);
  }

  ShardTransport client() {
    return new ShardTransport() {
      @Override
      public Mono<Void> store(NodeId target, ContentId id, byte[] shard) {
        return call(target, STORE, id, shard).then();
      }

      @Override
      public Mono<byte[]> fetch(NodeId target, ContentId id) {
        return call(target, FETCH, id, new byte[0]).filter(a -> a.status == 0).map(a -> a.body);
      }

      @Override
      public Mono<Boolean> has(NodeId target, ContentId id) {
        return call(target, HAS, id, new byte[0]).map(a -> a.status == 0);
      }
    };
  }

  private record Answer(int status, byte[] body) {}

  /** Status of a call that could not reach the target (mapped to NodeUnavailableException). */
  private static final int UNREACHABLE = -1;

  private Mono<Answer> call(NodeId target, int op, ContentId id, byte[] body) {
    return Mono.fromCallable(() -> {
      Server s = servers.get(target);
      if (s == null || s.socket.isClosed()) {
        return new Answer(UNREACHABLE, null);
      }
      try (Socket c = new Socket()) {
        c.connect(s.address(), 2_000);
        c.setSoTimeout(10_000);
        DataOutputStream out = new DataOutputStream(c.getOutputStream());
        out.writeByte(op);
        out.write(id.bytes());
        out.writeInt(body.length);
        out.write(body);
        out.flush();
        DataInputStream in = new DataInputStream(c.getInputStream());
        int status = in.readUnsignedByte();
        int len = in.readInt();
        if (len < 0 || len > MAX_SHARD) {
          throw new IOException("bad answer length");
        }
        byte[] answer = in.readNBytes(len);
        return new Answer(op == STORE && status != 0 ? UNREACHABLE : status, answer);
      } catch (IOException e) {
        System.err.println("loopback shard call to " + target + " failed: " + e);
        return new Answer(UNREACHABLE, null);
      }
    })
        .subscribeOn(Schedulers.boundedElastic())
        // Map after the hop, so that a call cancelled mid-flight drops its answer silently.
        .flatMap(a -> a.status == UNREACHABLE ? Mono.error(new NodeUnavailableException(target)) : Mono.just(a));
  }

  @Override
  public void close() {
    servers.values().forEach(Server::close);
    pool.shutdownNow();
  }
}
