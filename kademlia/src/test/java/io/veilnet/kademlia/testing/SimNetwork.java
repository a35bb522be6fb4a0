package io.veilnet.kademlia.testing;

import io.veilnet.kademlia.InMemoryRecordStore;
import io.veilnet.kademlia.KademliaConfig;
import io.veilnet.kademlia.KademliaEvent;
import io.veilnet.kademlia.NodeId;
import io.veilnet.kademlia.NodeRecord;
import io.veilnet.kademlia.internal.Clock;
import io.veilnet.kademlia.internal.KademliaProtocol;
import io.veilnet.kademlia.internal.Message;
import io.veilnet.kademlia.internal.MessageCodec;
import io.veilnet.kademlia.internal.RecordValidator;
import io.veilnet.kademlia.internal.RpcTransport;
import io.veilnet.kademlia.internal.SignatureVerifier;
import io.veilnet.kademlia.internal.Signer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * An in-memory network in virtual time: the real {@link KademliaProtocol} of every node over a
 * transport that delivers requests and responses after a random latency, loses everything to or
 * from dead nodes, and optionally round-trips each message through the wire codec.
 */
public final class SimNetwork {
  private final VirtualTime time;
  private final SplittableRandom random;
  private final int minLatency;
  private final int maxLatency;
  private final boolean encode;
  private final List<SimNode> nodes = new ArrayList<>();
  private final Map<NodeId, SimNode> byId = new HashMap<>();
  private long messages;
  private final io.veilnet.kademlia.internal.VerifiedRecords verified =
      new io.veilnet.kademlia.internal.VerifiedRecords(1 << 20);

  public SimNetwork(VirtualTime time, long seed, int minLatencyMillis, int maxLatencyMillis,
      boolean encode) {
    this.time = time;
    this.random = new SplittableRandom(seed);
    this.minLatency = minLatencyMillis;
    this.maxLatency = maxLatencyMillis;
    this.encode = encode;
  }

  /** One simulated node. */
  public final class SimNode implements RpcTransport {
    private final Clock clock = time.clock();
    private RpcTransport.InboundHandler inbound;
    private NodeRecord localRecord;
    private boolean alive = true;
    private KademliaProtocol protocol;
    private final List<KademliaEvent> events = new ArrayList<>();
    private boolean keepEvents;

    public KademliaProtocol protocol() {
      return protocol;
    }

    public NodeRecord record() {
      return localRecord;
    }

    public NodeId id() {
      return protocol.localId();
    }

    public boolean alive() {
      return alive;
    }

    /** Abrupt failure: the node stops answering and sending, its timers stop. */
    public void kill() {
      alive = false;
      protocol.close();
    }

    public List<KademliaEvent> events() {
      return events;
    }

    public void keepEvents(boolean keep) {
      this.keepEvents = keep;
    }

    @Override
    public void request(NodeRecord peer, Message.Request request, long timeoutMillis,
        ResponseHandler handler) {
      messages++;
      boolean[] done = {false};
      Clock.Cancellable timeout = clock.schedule(() -> {
        if (!done[0]) {
          done[0] = true;
          handler.onFailure(Failure.TIMEOUT);
        }
      }, timeoutMillis);
      SimNode dest = byId.get(peer.nodeId());
      if (dest == null || !alive) {
        return;
      }
      Message.Request wire = encode ? (Message.Request) MessageCodec.decode(MessageCodec.encode(request)) : request;
      NodeRecord from = localRecord;
      clock.schedule(() -> {
        if (!dest.alive || dest.inbound == null) {
          return;
        }
        Message.Response resp = dest.inbound.handle(from, wire);
        Message.Response back = encode ? (Message.Response) MessageCodec.decode(MessageCodec.encode(resp)) : resp;
        clock.schedule(() -> {
          if (!alive || done[0]) {
            return;
          }
          done[0] = true;
          timeout.cancel();
          handler.onResponse(back);
        }, latency());
      }, latency());
    }

    @Override
    public void setInboundHandler(InboundHandler handler) {
      this.inbound = handler;
    }

    @Override
    public void setLocalRecord(NodeRecord record) {
      this.localRecord = record;
    }
  }

  private long latency() {
    return minLatency == maxLatency ? minLatency : random.nextInt(minLatency, maxLatency + 1);
  }

  /** Adds a node with a random public IPv4 address, an in-memory store and the given keys. */
  public SimNode add(KademliaConfig config, Signer signer, SignatureVerifier verifier) {
    SimNode n = new SimNode();
    InetAddress host = randomAddress();
    RecordValidator validator = new RecordValidator(verifier, config.puzzleDifficulty(),
        config.maxClockSkew().toMillis());
    Consumer<KademliaEvent> sink = e -> {
      if (n.keepEvents) {
        n.events.add(e);
      }
    };
    n.protocol = new KademliaProtocol(config, n.clock, n, validator, new InMemoryRecordStore(),
        signer, FakeSigner.sha256(signer.publicKey()), host, 4000, 4001, sink, random.nextLong(),
        verified);
    nodes.add(n);
    byId.put(n.protocol.localId(), n);
    return n;
  }

  private InetAddress randomAddress() {
    byte[] a = {(byte) random.nextInt(11, 200), (byte) random.nextInt(256),
        (byte) random.nextInt(256), (byte) random.nextInt(1, 255)};
    try {
      return InetAddress.getByAddress(a);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  public List<SimNode> nodes() {
    return nodes;
  }

  public SimNode node(NodeId id) {
    return byId.get(id);
  }

  public long messages() {
    return messages;
  }

  public VirtualTime time() {
    return time;
  }

  /** The {@code n} live node ids closest to {@code target}: the ground truth for lookups. */
  public List<NodeId> trueClosest(NodeId target, int n) {
    long t = prefix(target);
    List<SimNode> live = new ArrayList<>(nodes.size());
    for (SimNode s : nodes) {
      if (s.alive) {
        live.add(s);
      }
    }
    long[] d = new long[live.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = (prefix(live.get(i).id()) ^ t) ^ Long.MIN_VALUE; // unsigned order as signed
    }
    long[] sorted = d.clone();
    java.util.Arrays.sort(sorted);
    long limit = sorted[Math.min(n, sorted.length) - 1];
    List<NodeId> ids = new ArrayList<>(n + 1);
    for (int i = 0; i < d.length; i++) {
      if (d[i] <= limit) {
        ids.add(live.get(i).id());
      }
    }
    ids.sort(target::compareDistance);
    return ids.subList(0, Math.min(n, ids.size()));
  }

  private static long prefix(NodeId id) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | id.byteAt(i);
    }
    return v;
  }
}
