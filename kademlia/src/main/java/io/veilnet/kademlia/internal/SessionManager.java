package io.veilnet.kademlia.internal;

import io.veilnet.crypto.Aead;
import io.veilnet.crypto.Aeads;
import io.veilnet.crypto.Bytes;
import io.veilnet.crypto.DecryptionException;
import io.veilnet.crypto.SymmetricKey;
import io.veilnet.crypto.X25519PrivateKey;
import io.veilnet.crypto.X25519PublicKey;
import io.veilnet.kademlia.DecodeException;
import io.veilnet.kademlia.NodeId;
import io.veilnet.kademlia.NodeRecord;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * Encrypted UDP sessions of one node: Noise IK set-up with the first request piggy-backed on
 * message 1 and its response on message 2 (1 RTT), then transport packets under the Noise cipher
 * suite's AEAD (AES-256-GCM by default, ChaCha20-Poly1305 optional) with explicit 64-bit counter
 * nonces and a sliding anti-replay window;
 * fragmentation of messages into datagrams of at most {@value #MAX_DATAGRAM} bytes; replay
 * protection of first messages by a per-peer monotonic timestamp inside an accepted window;
 * session expiry and rekey. Plain Java with no Netty, confined to the node's event loop.
 *
 * <p>Packets ({@code docs/protocol.md}):
 *
 * <pre>
 * INIT  0x01 | senderIndex u32 | Noise msg1  (payload: timestamp u64 | len u16 | record | fragment?)
 * RESP  0x02 | senderIndex u32 | receiverIndex u32 | Noise msg2 (payload: fragment?)
 * DATA  0x03 | receiverIndex u32 | counter u64 | AEAD(fragment), AAD = the 13-byte header
 * fragment = fragId u32 | total u8 | index u8 | bytes
 * </pre>
 */
public final class SessionManager {
  public static final int MAX_DATAGRAM = 1_280;
  static final byte INIT = 1;
  static final byte RESP = 2;
  static final byte DATA = 3;
  static final int DATA_HEADER = 13;
  static final int FRAG_HEADER = 6;
  static final int TAG = 16;
  /** Largest fragment body in a DATA packet. */
  static final int MAX_CHUNK = MAX_DATAGRAM - DATA_HEADER - TAG - FRAG_HEADER;
  static final int MAX_FRAGMENTS = (MessageCodec.MAX_MESSAGE + MAX_CHUNK - 1) / MAX_CHUNK;
  static final int MAX_PARTIALS_PER_SESSION = 8;
  static final int MAX_QUEUED = 64;
  /** A new initiation replaces an unanswered one after this long. */
  static final long HANDSHAKE_RETRY_MILLIS = 1_000;
  private static final byte[] PROLOGUE = "veilnet-kad-v1".getBytes(StandardCharsets.US_ASCII);

  /** Where datagrams go. */
  @FunctionalInterface
  public interface Sink {
    void send(InetSocketAddress to, byte[] datagram);
  }

  /** Receives decrypted, reassembled messages with a way to answer on the same path. */
  @FunctionalInterface
  public interface Delivery {
    void deliver(NodeRecord peer, byte[] message, Reply reply);
  }

  /** Answers one delivered message (at most once). */
  public interface Reply {
    void send(byte[] message);
  }

  /** An established session. */
  static final class Session {
    final int localIndex;
    final int remoteIndex;
    final NodeRecord peer;
    final InetSocketAddress address;
    final NoiseIK.CipherSuite suite;
    final Aead send;
    final Aead recv;
    final long createdAt;
    final ReplayWindow window = new ReplayWindow();
    long sendCounter;
    long lastReceivedMillis;
    LinkedHashMap<Integer, Partial> partials;

    Session(int localIndex, int remoteIndex, NodeRecord peer, InetSocketAddress address,
        NoiseIK.CipherSuite suite, SymmetricKey[] keys, long createdAt) {
      this.localIndex = localIndex;
      this.remoteIndex = remoteIndex;
      this.peer = peer;
      this.address = address;
      this.suite = suite;
      this.send = Aeads.create(suite.aead(), keys[0]);
      this.recv = Aeads.create(suite.aead(), keys[1]);
      keys[0].close();
      keys[1].close();
      this.createdAt = createdAt;
      this.lastReceivedMillis = createdAt; // it was created by a packet from the peer
    }
  }

  static final class Partial {
    final byte[][] parts;
    final long createdAt;
    int received;
    int bytes;

    Partial(int total, long createdAt) {
      this.parts = new byte[total][];
      this.createdAt = createdAt;
    }
  }

  /** An initiation in flight, with messages queued until it completes. */
  private static final class Pending {
    final NoiseIK hs;
    final NodeRecord peer;
    final int localIndex;
    final long startedAt;
    final List<byte[]> queued = new ArrayList<>();

    Pending(NoiseIK hs, NodeRecord peer, int localIndex, long startedAt) {
      this.hs = hs;
      this.peer = peer;
      this.localIndex = localIndex;
      this.startedAt = startedAt;
    }
  }

  private final X25519PrivateKey staticKey;
  private final NoiseIK.CipherSuite suite;
  private final Clock clock;
  private final SecureRandom random;
  private final long rekeyAfterMillis;
  private final long expiryMillis;
  private final long handshakeWindowMillis;
  private final Predicate<NodeRecord> recordCheck;
  private NodeRecord localRecord;
  private final Map<Integer, Session> byIndex = new HashMap<>();
  private final Map<NodeId, Session> byPeer = new HashMap<>();
  private final Map<Integer, Pending> pendingByIndex = new HashMap<>();
  private final Map<NodeId, Pending> pendingByPeer = new HashMap<>();
  private final Map<NodeId, Long> lastTimestamp = new LinkedHashMap<>(64, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<NodeId, Long> eldest) {
      return size() > 65_536;
    }
  };
  private final EnumMap<DropReason, LongAdder> drops = new EnumMap<>(DropReason.class);
  private final LongAdder handshakesStarted = new LongAdder();
  private final LongAdder handshakesCompleted = new LongAdder();
  private Predicate<NodeId> nodeAdmission = id -> true;
  /** Ephemeral keys generated ahead, when the loop has time, to shorten the handshake path. */
  private final java.util.ArrayDeque<X25519PrivateKey> ephemerals = new java.util.ArrayDeque<>();
  private boolean refillScheduled;
  static final int EPHEMERAL_POOL = 8;
  private long lastIssuedTimestamp;

  public SessionManager(X25519PrivateKey staticKey, NodeRecord localRecord, Clock clock,
      SecureRandom random, long rekeyAfterMillis, long expiryMillis, long handshakeWindowMillis,
      Predicate<NodeRecord> recordCheck) {
    this(NoiseIK.DEFAULT_SUITE, staticKey, localRecord, clock, random, rekeyAfterMillis,
        expiryMillis, handshakeWindowMillis, recordCheck);
  }

  /** With an explicit Noise cipher suite; every node of a network must use the same one. */
  public SessionManager(NoiseIK.CipherSuite suite, X25519PrivateKey staticKey,
      NodeRecord localRecord, Clock clock, SecureRandom random, long rekeyAfterMillis,
      long expiryMillis, long handshakeWindowMillis, Predicate<NodeRecord> recordCheck) {
    this.suite = Objects.requireNonNull(suite, "suite");
    this.staticKey = Objects.requireNonNull(staticKey, "staticKey");
    this.localRecord = Objects.requireNonNull(localRecord, "localRecord");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.rekeyAfterMillis = rekeyAfterMillis;
    this.expiryMillis = expiryMillis;
    this.handshakeWindowMillis = handshakeWindowMillis;
    this.recordCheck = Objects.requireNonNull(recordCheck, "recordCheck");
    for (DropReason r : DropReason.values()) {
      drops.put(r, new LongAdder());
    }
  }

  public void setLocalRecord(NodeRecord record) {
    this.localRecord = record;
  }

  /** Extra admission check for authenticated peers (the per-node rate limit). */
  public void setNodeAdmission(Predicate<NodeId> admission) {
    this.nodeAdmission = admission;
  }

  public long dropped(DropReason reason) {
    return drops.get(reason).sum();
  }

  public void countDrop(DropReason reason) {
    drops.get(reason).increment();
  }

  public Map<DropReason, Long> drops() {
    Map<DropReason, Long> m = new EnumMap<>(DropReason.class);
    drops.forEach((k, v) -> m.put(k, v.sum()));
    return m;
  }

  public long handshakesStarted() {
    return handshakesStarted.sum();
  }

  public long handshakesCompleted() {
    return handshakesCompleted.sum();
  }

  public int sessionCount() {
    return byIndex.size();
  }

  public boolean hasSession(NodeId peer) {
    Session s = byPeer.get(peer);
    return s != null && clock.nowMillis() - s.createdAt < rekeyAfterMillis;
  }

  // ------------------------------------------------------------------ outbound

  /** Sends {@code message} to {@code peer}, setting up a session first if needed. */
  public void send(NodeRecord peer, byte[] message, Sink out) {
    if (message.length > MessageCodec.MAX_MESSAGE) {
      throw new IllegalArgumentException("message over " + MessageCodec.MAX_MESSAGE + " bytes");
    }
    NodeId id = peer.nodeId();
    long now = clock.nowMillis();
    Session s = byPeer.get(id);
    if (s != null && now - s.createdAt < rekeyAfterMillis
        && Bytes.constantTimeEquals(s.peer.staticKey(), peer.staticKey())) {
      sendData(s, message, out);
      return;
    }
    Pending p = pendingByPeer.get(id);
    if (p != null && now - p.startedAt < HANDSHAKE_RETRY_MILLIS) {
      if (p.queued.size() < MAX_QUEUED) {
        p.queued.add(message);
      }
      return;
    }
    initiate(peer, message, out);
  }

  private void initiate(NodeRecord peer, byte[] message, Sink out) {
    long now = clock.nowMillis();
    int index = newIndex();
    NoiseIK hs = NoiseIK.initiator(suite, staticKey, X25519PublicKey.of(peer.staticKey()),
        PROLOGUE);
    Pending p = new Pending(hs, peer, index, now);
    Pending old = pendingByPeer.put(peer.nodeId(), p);
    if (old != null) {
      pendingByIndex.remove(old.localIndex);
      p.queued.addAll(old.queued);
      old.hs.destroy();
    }
    pendingByIndex.put(index, p);
    byte[] rec = localRecord.encode();
    int fixed = 1 + 4 + NoiseIK.MSG1_OVERHEAD + 8 + 2 + rec.length;
    boolean piggyback = fixed + FRAG_HEADER + message.length <= MAX_DATAGRAM;
    ByteBuffer payload = ByteBuffer.allocate(8 + 2 + rec.length
        + (piggyback ? FRAG_HEADER + message.length : 0));
    payload.putLong(nextTimestamp(now)).putShort((short) rec.length).put(rec);
    if (piggyback) {
      payload.putInt(random.nextInt()).put((byte) 1).put((byte) 0).put(message);
    } else {
      p.queued.add(message);
    }
    byte[] msg1 = hs.writeMessage1(payload.array(), ephemeral());
    ByteBuffer pkt = ByteBuffer.allocate(5 + msg1.length);
    pkt.put(INIT).putInt(index).put(msg1);
    handshakesStarted.increment();
    out.send(peer.udpAddress(), pkt.array());
  }

  /** A fresh ephemeral key (each is used exactly once); refills the pool later. */
  private X25519PrivateKey ephemeral() {
    X25519PrivateKey k = ephemerals.poll();
    if (!refillScheduled && ephemerals.size() < EPHEMERAL_POOL / 2) {
      refillScheduled = true;
      clock.execute(() -> {
        refillScheduled = false;
        while (ephemerals.size() < EPHEMERAL_POOL) {
          ephemerals.add(X25519PrivateKey.generate(random));
        }
      });
    }
    return k != null ? k : X25519PrivateKey.generate(random);
  }

  private long nextTimestamp(long nowMillis) {
    long ts = Math.max(nowMillis * 1_000, lastIssuedTimestamp + 1);
    lastIssuedTimestamp = ts;
    return ts;
  }

  private int newIndex() {
    while (true) {
      int i = random.nextInt();
      if (i != 0 && !byIndex.containsKey(i) && !pendingByIndex.containsKey(i)) {
        return i;
      }
    }
  }

  private void sendData(Session s, byte[] message, Sink out) {
    int total = Math.max(1, (message.length + MAX_CHUNK - 1) / MAX_CHUNK);
    int fragId = random.nextInt();
    byte[] frag = new byte[FRAG_HEADER + Math.min(MAX_CHUNK, message.length)];
    for (int i = 0; i < total; i++) {
      int off = i * MAX_CHUNK;
      int len = Math.min(MAX_CHUNK, message.length - off);
      ByteBuffer.wrap(frag).putInt(fragId).put((byte) total).put((byte) i).put(message, off, len);
      out.send(s.address, seal(s, frag, FRAG_HEADER + len));
    }
  }

  /** One DATA packet for {@code plaintext[0, len)}, sealed straight into the packet array. */
  private static byte[] seal(Session s, byte[] plaintext, int len) {
    long counter = s.sendCounter++;
    byte[] pkt = new byte[DATA_HEADER + len + TAG];
    ByteBuffer.wrap(pkt).put(DATA).putInt(s.remoteIndex).putLong(counter);
    byte[] header = java.util.Arrays.copyOf(pkt, DATA_HEADER);
    s.send.seal(s.suite.nonce(counter), plaintext, 0, len, header, pkt, DATA_HEADER);
    return pkt;
  }

  // ------------------------------------------------------------------ inbound

  /** Handles one datagram; drops are counted, never thrown. */
  public void receive(byte[] datagram, InetSocketAddress from, Delivery delivery, Sink out) {
    if (datagram.length > MAX_DATAGRAM) {
      countDrop(DropReason.OVERSIZED);
      return;
    }
    if (datagram.length < 1) {
      countDrop(DropReason.MALFORMED);
      return;
    }
    switch (datagram[0]) {
      case INIT -> onInit(datagram, from, delivery, out);
      case RESP -> onResp(datagram, delivery, out);
      case DATA -> onData(datagram, delivery, out);
      default -> countDrop(DropReason.MALFORMED);
    }
  }

  private void onInit(byte[] d, InetSocketAddress from, Delivery delivery, Sink out) {
    if (d.length < 5 + NoiseIK.MSG1_OVERHEAD) {
      countDrop(DropReason.MALFORMED);
      return;
    }
    ByteBuffer b = ByteBuffer.wrap(d);
    b.get();
    int remoteIndex = b.getInt();
    NoiseIK hs = NoiseIK.responder(suite, staticKey, PROLOGUE);
    byte[] payload;
    try {
      payload = hs.readMessage1(java.util.Arrays.copyOfRange(d, 5, d.length));
    } catch (DecryptionException e) {
      hs.destroy();
      countDrop(DropReason.FORGED);
      return;
    }
    long now = clock.nowMillis();
    NodeRecord peer;
    long ts;
    ByteBuffer p = ByteBuffer.wrap(payload);
    try {
      if (p.remaining() < 10) {
        throw new DecodeException("handshake payload: truncated");
      }
      ts = p.getLong();
      int len = p.getShort() & 0xffff;
      peer = NodeRecord.decode(p, len);
    } catch (DecodeException e) {
      hs.destroy();
      countDrop(DropReason.MALFORMED);
      return;
    }
    if (!Bytes.constantTimeEquals(peer.staticKey(), hs.remoteStatic().bytes())
        || !recordCheck.test(peer)) {
      hs.destroy();
      countDrop(DropReason.BAD_RECORD);
      return;
    }
    if (Math.abs(ts / 1_000 - now) > handshakeWindowMillis) {
      hs.destroy();
      countDrop(DropReason.STALE_HANDSHAKE);
      return;
    }
    NodeId id = peer.nodeId();
    Long last = lastTimestamp.get(id);
    if (last != null && ts <= last) {
      hs.destroy();
      countDrop(DropReason.REPLAYED);
      return;
    }
    if (!nodeAdmission.test(id)) {
      hs.destroy();
      countDrop(DropReason.RATE_LIMITED_NODE);
      return;
    }
    lastTimestamp.put(id, ts);
    int localIndex = newIndex();
    boolean[] done = {false};
    Reply reply = message -> {
      if (done[0]) {
        return;
      }
      done[0] = true;
      completeResponder(hs, peer, from, remoteIndex, localIndex, message, out);
    };
    if (p.hasRemaining()) {
      byte[] frag = new byte[p.remaining()];
      p.get(frag);
      byte[] msg = singleFragment(frag);
      if (msg == null) {
        countDrop(DropReason.MALFORMED);
      } else {
        delivery.deliver(peer, msg, reply);
      }
    }
    reply.send(null); // completes the handshake if the delivery did not answer
  }

  private void completeResponder(NoiseIK hs, NodeRecord peer, InetSocketAddress from,
      int remoteIndex, int localIndex, byte[] message, Sink out) {
    long now = clock.nowMillis();
    byte[] first = new byte[0];
    int total = 0;
    int fragId = random.nextInt();
    int firstChunk = MAX_DATAGRAM - 9 - NoiseIK.MSG2_OVERHEAD - FRAG_HEADER;
    if (message != null) {
      int rest = Math.max(0, message.length - firstChunk);
      total = 1 + (rest + MAX_CHUNK - 1) / MAX_CHUNK;
      int len = Math.min(firstChunk, message.length);
      ByteBuffer f = ByteBuffer.allocate(FRAG_HEADER + len);
      f.putInt(fragId).put((byte) total).put((byte) 0).put(message, 0, len);
      first = f.array();
    }
    byte[] msg2 = hs.writeMessage2(first, ephemeral());
    Session s = new Session(localIndex, remoteIndex, peer, from, suite, hs.split(), now);
    install(s);
    ByteBuffer pkt = ByteBuffer.allocate(9 + msg2.length);
    pkt.put(RESP).putInt(localIndex).putInt(remoteIndex).put(msg2);
    handshakesCompleted.increment();
    out.send(from, pkt.array());
    for (int i = 1; i < total; i++) {
      int off = firstChunk + (i - 1) * MAX_CHUNK;
      int len = Math.min(MAX_CHUNK, message.length - off);
      ByteBuffer f = ByteBuffer.allocate(FRAG_HEADER + len);
      f.putInt(fragId).put((byte) total).put((byte) i).put(message, off, len);
      out.send(from, seal(s, f.array(), f.capacity()));
    }
  }

  private void install(Session s) {
    byIndex.put(s.localIndex, s);
    Session old = byPeer.put(s.peer.nodeId(), s);
    if (old != null && clock.nowMillis() - old.createdAt >= expiryMillis) {
      byIndex.remove(old.localIndex);
    }
  }

  private void onResp(byte[] d, Delivery delivery, Sink out) {
    if (d.length < 9 + NoiseIK.MSG2_OVERHEAD) {
      countDrop(DropReason.MALFORMED);
      return;
    }
    ByteBuffer b = ByteBuffer.wrap(d);
    b.get();
    int remoteIndex = b.getInt();
    int localIndex = b.getInt();
    Pending p = pendingByIndex.get(localIndex);
    if (p == null) {
      countDrop(DropReason.UNKNOWN_SESSION);
      return;
    }
    byte[] payload;
    try {
      payload = p.hs.readMessage2(java.util.Arrays.copyOfRange(d, 9, d.length));
    } catch (DecryptionException e) {
      // the pending state is spent (Noise is not retryable); forget it, requests time out
      forgetPending(p);
      countDrop(DropReason.FORGED);
      return;
    } catch (IllegalStateException e) {
      countDrop(DropReason.REPLAYED);
      return;
    }
    forgetPending(p);
    Session s = new Session(localIndex, remoteIndex, p.peer, p.peer.udpAddress(), suite,
        p.hs.split(), clock.nowMillis());
    install(s);
    handshakesCompleted.increment();
    for (byte[] q : p.queued) {
      sendData(s, q, out);
    }
    if (payload.length > 0) {
      onFragment(s, payload, delivery, out);
    }
  }

  private void forgetPending(Pending p) {
    pendingByIndex.remove(p.localIndex);
    pendingByPeer.remove(p.peer.nodeId(), p);
  }

  private void onData(byte[] d, Delivery delivery, Sink out) {
    if (d.length < DATA_HEADER + TAG) {
      countDrop(DropReason.MALFORMED);
      return;
    }
    ByteBuffer b = ByteBuffer.wrap(d);
    b.get();
    int index = b.getInt();
    long counter = b.getLong();
    Session s = byIndex.get(index);
    if (s == null) {
      countDrop(DropReason.UNKNOWN_SESSION);
      return;
    }
    if (clock.nowMillis() - s.createdAt >= expiryMillis) {
      countDrop(DropReason.EXPIRED_SESSION);
      return;
    }
    if (!s.window.isFresh(counter)) {
      countDrop(DropReason.REPLAYED);
      return;
    }
    byte[] pt = new byte[d.length - DATA_HEADER - TAG];
    try {
      s.recv.open(s.suite.nonce(counter), d, DATA_HEADER, d.length - DATA_HEADER,
          java.util.Arrays.copyOf(d, DATA_HEADER), pt, 0);
    } catch (DecryptionException e) {
      countDrop(DropReason.FORGED);
      return;
    }
    s.window.mark(counter);
    s.lastReceivedMillis = clock.nowMillis();
    if (!nodeAdmission.test(s.peer.nodeId())) {
      countDrop(DropReason.RATE_LIMITED_NODE);
      return;
    }
    onFragment(s, pt, delivery, out);
  }

  private byte[] singleFragment(byte[] frag) {
    if (frag.length < FRAG_HEADER || frag[4] != 1 || frag[5] != 0) {
      return null;
    }
    return java.util.Arrays.copyOfRange(frag, FRAG_HEADER, frag.length);
  }

  private void onFragment(Session s, byte[] frag, Delivery delivery, Sink out) {
    if (frag.length < FRAG_HEADER) {
      countDrop(DropReason.MALFORMED);
      return;
    }
    ByteBuffer b = ByteBuffer.wrap(frag);
    int fragId = b.getInt();
    int total = b.get() & 0xff;
    int index = b.get() & 0xff;
    if (total < 1 || index >= total || total > MAX_FRAGMENTS) {
      countDrop(total > MAX_FRAGMENTS ? DropReason.FRAGMENT_LIMIT : DropReason.MALFORMED);
      return;
    }
    byte[] body = java.util.Arrays.copyOfRange(frag, FRAG_HEADER, frag.length);
    Reply reply = message -> {
      if (message != null) {
        sendData(s, message, out);
      }
    };
    if (total == 1) {
      delivery.deliver(s.peer, body, reply);
      return;
    }
    if (s.partials == null) {
      s.partials = new LinkedHashMap<>();
    }
    Partial part = s.partials.get(fragId);
    if (part == null) {
      if (s.partials.size() >= MAX_PARTIALS_PER_SESSION) {
        Iterator<Integer> it = s.partials.keySet().iterator();
        it.next();
        it.remove();
        countDrop(DropReason.FRAGMENT_LIMIT);
      }
      part = new Partial(total, clock.nowMillis());
      s.partials.put(fragId, part);
    }
    if (part.parts.length != total || part.parts[index] != null) {
      countDrop(DropReason.MALFORMED);
      return;
    }
    if (part.bytes + body.length > MessageCodec.MAX_MESSAGE) {
      s.partials.remove(fragId);
      countDrop(DropReason.FRAGMENT_LIMIT);
      return;
    }
    part.parts[index] = body;
    part.bytes += body.length;
    if (++part.received < total) {
      return;
    }
    s.partials.remove(fragId);
    byte[] msg = new byte[part.bytes];
    int off = 0;
    for (byte[] x : part.parts) {
      System.arraycopy(x, 0, msg, off, x.length);
      off += x.length;
    }
    delivery.deliver(s.peer, msg, reply);
  }

  /**
   * Forgets the sending session to {@code peer} (e.g. after a request timed out: the peer may
   * have restarted and lost it), so that the next message starts a fresh handshake. The old
   * session still accepts packets until it expires.
   */
  public void forget(NodeId peer) {
    byPeer.remove(peer);
  }

  /**
   * Forgets the sending session to {@code peer} only if nothing authenticated has arrived on it
   * since {@code sinceMillis}: a slow but alive peer keeps its session, a restarted one does not.
   */
  public void forgetIfSilent(NodeId peer, long sinceMillis) {
    Session s = byPeer.get(peer);
    if (s != null && s.lastReceivedMillis < sinceMillis) {
      byPeer.remove(peer);
    }
  }

  /** Zeroes pooled ephemeral keys and forgets every session and handshake. */
  public void close() {
    for (X25519PrivateKey k : ephemerals) {
      k.close();
    }
    ephemerals.clear();
    for (Pending p : pendingByIndex.values()) {
      p.hs.destroy();
    }
    pendingByIndex.clear();
    pendingByPeer.clear();
    byIndex.clear();
    byPeer.clear();
  }

  /** Drops expired sessions, stale handshakes and stale partial messages. */
  public void expire() {
    long now = clock.nowMillis();
    byIndex.values().removeIf(s -> now - s.createdAt >= expiryMillis);
    byPeer.values().removeIf(s -> now - s.createdAt >= expiryMillis);
    for (Session s : byIndex.values()) {
      if (s.partials != null) {
        s.partials.values().removeIf(p -> now - p.createdAt > 5_000);
      }
    }
    pendingByIndex.values().removeIf(p -> now - p.startedAt > handshakeWindowMillis);
    pendingByPeer.values().removeIf(p -> now - p.startedAt > handshakeWindowMillis);
    lastTimestamp.values().removeIf(ts -> now - ts / 1_000 > 2 * handshakeWindowMillis);
  }
}
