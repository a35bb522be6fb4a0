package io.veilnet.mdns;

import io.veilnet.crypto.Ed25519PrivateKey;
import io.veilnet.mdns.LocalPeer.Change;
import io.veilnet.mdns.internal.JmdnsLocalDiscovery;
import io.veilnet.mdns.internal.TxtCodec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Child process of {@code LocalDiscoveryIT}: runs two discovery nodes and a forger on the loopback
 * interface of a private network namespace and prints {@code key=value} lines on stdout. Refuses to
 * run (exit 3) if it can see any interface other than {@code lo}, so it can never multicast on a
 * real network even if started by mistake outside the namespace.
 */
public final class NamespaceDiscoveryMain {
  private static final Duration STEP = Duration.ofSeconds(15);
  private static final long T0 = System.nanoTime();

  private NamespaceDiscoveryMain() {}

  public static void main(String[] args) throws Exception {
    try {
      io.veilnet.mdns.testing.PrivateNetwork.requireOnlyLoopback();
    } catch (IllegalStateException e) {
      out("refused", e.getMessage());
      System.exit(3);
    }
    try {
      run();
      out("result", "ok");
      System.exit(0);
    } catch (Throwable t) {
      out("result", "failed " + t);
      t.printStackTrace(System.out);
      System.exit(1);
    }
  }

  private static void run() throws Exception {
    InetAddress lo = InetAddress.getByName("127.0.0.1");
    SecureRandom random = new SecureRandom();
    Ed25519PrivateKey keyA = Ed25519PrivateKey.generate(random);
    Ed25519PrivateKey keyB = Ed25519PrivateKey.generate(random);
    Ed25519PrivateKey keyX = Ed25519PrivateKey.generate(random);
    byte[] recA1 = SignedPeerRecord.sign(keyA, 1, List.of(new InetSocketAddress(lo, 4001)));
    byte[] recA2 = SignedPeerRecord.sign(keyA, 2, List.of(new InetSocketAddress(lo, 4101)));
    byte[] recB = SignedPeerRecord.sign(keyB, 1, List.of(new InetSocketAddress(lo, 4002)));
    String idA = SignedPeerRecord.verifier().verify(recA1).orElseThrow().peerIdHex();
    String idB = SignedPeerRecord.verifier().verify(recB).orElseThrow().peerIdHex();

    boolean rfcTiming = !Boolean.getBoolean("veilnet.mdns.stockTiming");
    MdnsConfig config = MdnsConfig.builder().bindAddress(lo)
        .verifier(NamespaceDiscoveryMain::verifyPlainOrPadded).rfcTiming(rfcTiming).build();
    out("rfc_timing", rfcTiming);

    // Forger first: three announcements that must never become peers.
    JmDNS forger = JmDNS.create(lo, "forger");
    byte[] forged = SignedPeerRecord.sign(keyX, 7, List.of(new InetSocketAddress(lo, 4999)));
    forged[forged.length - 70] ^= 1; // tamper with the signed endpoint port: signature breaks
    byte[] garbage = new byte[120];
    random.nextBytes(garbage);
    forger.registerService(ServiceInfo.create(LocalDiscovery.SERVICE_TYPE, "forged-garbage", 4990,
        0, 0, "hello=world".getBytes(StandardCharsets.US_ASCII)));
    forger.registerService(ServiceInfo.create(LocalDiscovery.SERVICE_TYPE, "forged-badsig", 4991,
        0, 0, TxtCodec.encode(forged)));
    forger.registerService(ServiceInfo.create(LocalDiscovery.SERVICE_TYPE, "forged-unsigned", 4992,
        0, 0, TxtCodec.encode(garbage)));

    LocalDiscovery a = LocalDiscovery.mdns(config);
    BlockingQueue<Stamped> seenByA = new LinkedBlockingQueue<>();
    a.start().block(STEP);
    List<String> allSeenByA = new java.util.concurrent.CopyOnWriteArrayList<>();
    Disposable subA = a.peers().subscribe(p -> {
      allSeenByA.add(p.peer().peerIdHex());
      seenByA.add(new Stamped(System.nanoTime(), p));
    });
    a.advertise(recA1).block(STEP);
    out("a_started_ms", ms(T0));

    // A is up once it has rejected the forger's announcements.
    awaitMetrics(a, m -> m.dropped(DropReason.MALFORMED_TXT) >= 1
        && m.dropped(DropReason.UNVERIFIED) >= 2);
    out("a_forgeries_dropped_ms", ms(T0));

    long bStart = System.nanoTime();
    LocalDiscovery b = LocalDiscovery.mdns(config);
    BlockingQueue<Stamped> seenByB = new LinkedBlockingQueue<>();
    b.start().block(STEP);
    List<String> allSeenByB = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.Set<String> removedByB = java.util.concurrent.ConcurrentHashMap.newKeySet();
    Disposable subB = b.peers().subscribe(p -> {
      allSeenByB.add(p.peer().peerIdHex());
      if (p.change() == Change.REMOVED) {
        removedByB.add(p.peer().peerIdHex());
      }
      seenByB.add(new Stamped(System.nanoTime(), p));
    });
    b.advertise(recB).block(STEP);
    out("b_start_call_ms", ms(bStart));

    Stamped bSawA = await(seenByB, s -> s.peer.change() == Change.ADDED
        && s.peer.peer().peerIdHex().equals(idA));
    out("b_sees_a_ms", (bSawA.nanos - bStart) / 1_000_000);
    out("b_sees_a_endpoint", bSawA.peer.peer().endpoints().get(0).toString());
    Stamped aSawB = await(seenByA, s -> s.peer.change() == Change.ADDED
        && s.peer.peer().peerIdHex().equals(idB));
    out("a_sees_b_ms", (aSawB.nanos - bStart) / 1_000_000);
    out("a_sees_b_endpoint", aSawB.peer.peer().endpoints().get(0).toString());

    awaitMetrics(b, m -> m.dropped(DropReason.MALFORMED_TXT) >= 1
        && m.dropped(DropReason.UNVERIFIED) >= 2);
    out("b_drops", b.metrics().drops().toString());

    long updStart = System.nanoTime();
    a.advertise(recA2).block(STEP);
    Stamped upd = await(seenByB, s -> s.peer.change() == Change.UPDATED
        && s.peer.peer().peerIdHex().equals(idA));
    out("b_sees_update_ms", (upd.nanos - updStart) / 1_000_000);
    out("b_sees_update_seq", upd.peer.peer().seq());
    out("b_sees_update_endpoint", upd.peer.peer().endpoints().get(0).toString());
    a.advertise(recA2).block(STEP); // the same record again: a no-op
    try {
      a.advertise(recA1).block(STEP);
      out("a_stale_advertise", "accepted");
    } catch (IllegalArgumentException e) {
      out("a_stale_advertise", "rejected");
    }

    // A record of the maximum size (950 bytes, TXT 1,299 bytes) crosses the wire intact.
    Ed25519PrivateKey keyC = Ed25519PrivateKey.generate(random);
    byte[] inner = SignedPeerRecord.sign(keyC, 1, List.of(new InetSocketAddress(lo, 4003)));
    byte[] recC = padded(inner, TxtCodec.MAX_RECORD_BYTES);
    String idC = verifyPlainOrPadded(recC).orElseThrow().peerIdHex();
    LocalDiscovery c = LocalDiscovery.mdns(config);
    c.start().block(STEP);
    c.advertise(recC).block(STEP);
    Stamped bSawC = await(seenByB, s -> s.peer.change() == Change.ADDED
        && s.peer.peer().peerIdHex().equals(idC));
    out("b_sees_max_record_bytes", bSawC.peer.record().length);
    c.close();

    // Name conflict: a squatter already holds the exact instance name D is going to pick (D's
    // name suffixes come from a seeded generator); D must end up under another name and still be
    // found under its peer id.
    Ed25519PrivateKey keyD = Ed25519PrivateKey.generate(random);
    byte[] recD = SignedPeerRecord.sign(keyD, 1, List.of(new InetSocketAddress(lo, 4004)));
    VerifiedPeer peerD = SignedPeerRecord.verifier().verify(recD).orElseThrow();
    java.util.Random names = new java.util.Random(42);
    java.util.Random replay = new java.util.Random(42);
    replay.nextBytes(new byte[4]); // host name suffix
    byte[] suffix = new byte[2];
    replay.nextBytes(suffix);
    String squatted = "vn-" + peerD.peerIdHex().substring(0, 8) + "-"
        + io.veilnet.crypto.Bytes.toHex(suffix);
    ServiceInfo squatter = ServiceInfo.create(LocalDiscovery.SERVICE_TYPE, squatted, 4998, 0, 0,
        TxtCodec.encode(garbage));
    forger.registerService(squatter);
    Flux.interval(Duration.ofMillis(20))
        .filter(i -> ((javax.jmdns.impl.ServiceInfoImpl) squatter).isAnnounced())
        .next().timeout(STEP).block();
    LocalDiscovery d = new JmdnsLocalDiscovery(config, names);
    d.start().block(STEP);
    d.advertise(recD).block(STEP);
    out("d_instance_requested", squatted);
    Stamped bSawD = await(seenByB, s -> s.peer.change() == Change.ADDED
        && s.peer.peer().peerIdHex().equals(peerD.peerIdHex()));
    out("d_instance_seen_by_b", bSawD.peer.serviceName());
    out("d_instance_name", d.instanceName().orElse("?"));

    // An update while the service is still probing is deferred until it is announced (JmDNS
    // 3.6.1 would otherwise detach the service from its announcer), never lost.
    Ed25519PrivateKey keyE = Ed25519PrivateKey.generate(random);
    String idE = io.veilnet.crypto.Bytes.toHex(SignedPeerRecord.peerId(keyE.publicKey()));
    LocalDiscovery e = LocalDiscovery.mdns(config);
    e.start().block(STEP);
    e.advertise(SignedPeerRecord.sign(keyE, 1, List.of(new InetSocketAddress(lo, 4005))))
        .block(STEP);
    e.advertise(SignedPeerRecord.sign(keyE, 2, List.of(new InetSocketAddress(lo, 4005))))
        .block(STEP);
    Stamped eAt2 = await(seenByB, s -> s.peer.peer().peerIdHex().equals(idE)
        && s.peer.peer().seq() == 2);
    out("e_early_update_seen_as", eAt2.peer.change());
    e.close();

    // RFC 6762 §8.4 pacing, here 1 update per 2 s: once F is announced, seq 2 goes out at once,
    // seq 3 and 4 come too fast, so only seq 4 follows when the window allows (3 is never sent).
    Ed25519PrivateKey keyF = Ed25519PrivateKey.generate(random);
    String idF = io.veilnet.crypto.Bytes.toHex(SignedPeerRecord.peerId(keyF.publicKey()));
    JmdnsLocalDiscovery f = new JmdnsLocalDiscovery(config, new SecureRandom(),
        new io.veilnet.mdns.internal.UpdatePacer(1, 2_000_000_000L));
    f.start().block(STEP);
    f.advertise(SignedPeerRecord.sign(keyF, 1, List.of(new InetSocketAddress(lo, 4006))))
        .block(STEP);
    Flux.interval(Duration.ofMillis(20)).filter(i -> f.isAnnounced()).next().timeout(STEP).block();
    long paceStart = System.nanoTime();
    for (long seq = 2; seq <= 4; seq++) {
      f.advertise(SignedPeerRecord.sign(keyF, seq, List.of(new InetSocketAddress(lo, 4006))))
          .block(STEP);
    }
    out("f_advertise_calls_ms", ms(paceStart));
    List<Long> fSeqs = new ArrayList<>();
    Stamped last = null;
    while (last == null || last.peer.peer().seq() < 4) {
      last = await(seenByB, s -> s.peer.change() == Change.UPDATED
          && s.peer.peer().peerIdHex().equals(idF));
      fSeqs.add(last.peer.peer().seq());
    }
    out("f_updates_seen_by_b", fSeqs.toString());
    out("f_last_update_ms", (last.nanos - paceStart) / 1_000_000);
    f.close();

    // Same identity announced twice (e.g. a restart while the old announcement lingers): B2 with
    // B's record is one peer for A, and B2 does not report its own identity.
    LocalDiscovery b2 = LocalDiscovery.mdns(config);
    List<String> allSeenByB2 = new java.util.concurrent.CopyOnWriteArrayList<>();
    Disposable subB2 = b2.peers().subscribe(p -> allSeenByB2.add(p.peer().peerIdHex()));
    b2.start().block(STEP);
    b2.advertise(recB).block(STEP);
    // B2 has seen A (so it is up and browsing) ...
    Flux.interval(Duration.ofMillis(20)).filter(i -> allSeenByB2.contains(idA))
        .next().timeout(STEP).block();
    out("b2_sees_own_identity", allSeenByB2.contains(idB));
    out("a_added_b_count", allSeenByA.stream().filter(idB::equals).count());

    long closeStart = System.nanoTime();
    out("a_close_at_ms", ms(T0));
    a.close();
    out("a_close_call_ms", ms(closeStart));
    subA.dispose();
    a.onClose().block(STEP);
    out("a_closed_ms", ms(closeStart));
    out("a_jmdns_close_ms", ((JmdnsLocalDiscovery) a).closeDuration().orElseThrow().toMillis());
    Stamped gone = await(seenByB, s -> s.peer.change() == Change.REMOVED
        && s.peer.peer().peerIdHex().equals(idA));
    out("b_sees_removal_ms", (gone.nanos - closeStart) / 1_000_000);
    d.close();
    subB2.dispose();
    b2.close();
    Flux.interval(Duration.ofMillis(20))
        .filter(i -> removedByB.containsAll(List.of(idC, peerD.peerIdHex(), idE, idF)))
        .next().timeout(STEP).block();

    // Only genuine peers were ever emitted: never the forger's three services.
    List<String> foreignB = new ArrayList<>(allSeenByB);
    foreignB.removeAll(List.of(idA, idC, peerD.peerIdHex(), idE, idF));
    out("b_foreign_events", foreignB.toString());
    List<String> foreignA = new ArrayList<>(allSeenByA);
    foreignA.removeAll(List.of(idB, idC, peerD.peerIdHex(), idE, idF));
    out("a_foreign_events", foreignA.toString());
    out("b_metrics", b.metrics().toString());
    out("a_metrics", a.metrics().toString());

    List<LocalPeer> snapshot = b.peers().take(Duration.ofMillis(200)).collectList().block(STEP);
    out("b_snapshot_size", snapshot.size());

    subB.dispose();
    b.close();
    forger.close();
    b.onClose().block(STEP);
    out("b_closed", true);
  }

  private record Stamped(long nanos, LocalPeer peer) {}

  /** Test format: a {@link SignedPeerRecord}, or {@code 0xff ‖ len(2) ‖ signed record ‖ zeros}. */
  static java.util.Optional<VerifiedPeer> verifyPlainOrPadded(byte[] record) {
    if (record.length > 3 && record[0] == (byte) 0xff) {
      int len = ((record[1] & 0xff) << 8) | (record[2] & 0xff);
      if (len > record.length - 3) {
        return java.util.Optional.empty();
      }
      return SignedPeerRecord.verifier().verify(java.util.Arrays.copyOfRange(record, 3, 3 + len));
    }
    return SignedPeerRecord.verifier().verify(record);
  }

  private static byte[] padded(byte[] inner, int size) {
    byte[] out = new byte[size];
    out[0] = (byte) 0xff;
    out[1] = (byte) (inner.length >>> 8);
    out[2] = (byte) inner.length;
    System.arraycopy(inner, 0, out, 3, inner.length);
    return out;
  }

  private static Stamped await(BlockingQueue<Stamped> q, Predicate<Stamped> match)
      throws InterruptedException {
    long deadline = System.nanoTime() + STEP.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      Stamped s = left > 0 ? q.poll(left, TimeUnit.NANOSECONDS) : null;
      if (s == null) {
        throw new AssertionError("timed out after " + STEP + " waiting for a peer event");
      }
      if (match.test(s)) {
        return s;
      }
      out("event", s.peer.change() + ":" + s.peer.peer().peerIdHex());
    }
  }

  private static void awaitMetrics(LocalDiscovery d, Predicate<DiscoveryMetrics> match) {
    Flux.interval(Duration.ofMillis(20))
        .map(i -> d.metrics())
        .filter(match)
        .next()
        .timeout(STEP)
        .block();
  }

  private static long ms(long since) {
    return (System.nanoTime() - since) / 1_000_000;
  }

  private static void out(String key, Object value) {
    System.out.println(key + "=" + value);
    System.out.flush();
  }
}
