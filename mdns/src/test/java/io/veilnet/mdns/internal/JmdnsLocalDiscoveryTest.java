package io.veilnet.mdns.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veilnet.crypto.Ed25519PrivateKey;
import io.veilnet.mdns.DiscoveryMetrics;
import io.veilnet.mdns.DropReason;
import io.veilnet.mdns.LocalDiscovery;
import io.veilnet.mdns.LocalPeer.Change;
import io.veilnet.mdns.MdnsConfig;
import io.veilnet.mdns.RecordVerifier;
import io.veilnet.mdns.SignedPeerRecord;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * The discovery's inbound path (decode, verify, dedupe, emit, count) without JmDNS: announcements
 * are injected where JmDNS callbacks would enqueue them. Nothing here opens a socket.
 */
class JmdnsLocalDiscoveryTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final SecureRandom RANDOM = new SecureRandom();
  private JmdnsLocalDiscovery discovery;

  private JmdnsLocalDiscovery discovery(RecordVerifier verifier, int queue, int buffer)
      throws Exception {
    discovery = new JmdnsLocalDiscovery(MdnsConfig.builder()
        .bindAddress(InetAddress.getByName("127.0.0.1")).verifier(verifier)
        .eventQueueCapacity(queue).subscriberBuffer(buffer).build());
    return discovery;
  }

  private JmdnsLocalDiscovery discovery() throws Exception {
    return discovery(SignedPeerRecord.verifier(), 64, 64);
  }

  @AfterEach
  void close() {
    if (discovery != null) {
      discovery.closeAsync().block(WAIT);
    }
  }

  private static byte[] record(Ed25519PrivateKey key, long seq) throws Exception {
    return SignedPeerRecord.sign(key, seq,
        List.of(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 4000 + (int) seq)));
  }

  private static String hexId(Ed25519PrivateKey key) {
    return io.veilnet.crypto.Bytes.toHex(SignedPeerRecord.peerId(key.publicKey()));
  }

  private static void awaitMetrics(LocalDiscovery d, Predicate<DiscoveryMetrics> p) {
    Flux.interval(Duration.ofMillis(5)).map(i -> d.metrics()).filter(p).next().timeout(WAIT).block();
  }

  @Test
  void forgedUnsignedAndGarbageAnnouncements_areIgnoredAndCounted_validOneIsAdded() throws Exception {
    JmdnsLocalDiscovery d = discovery();
    Ed25519PrivateKey good = Ed25519PrivateKey.generate(RANDOM);
    byte[] forged = record(Ed25519PrivateKey.generate(RANDOM), 1);
    forged[10] ^= 1;
    byte[] unsigned = new byte[100];
    StepVerifier.create(d.peers())
        .then(() -> {
          d.enqueueResolved("garbage._veilnet._udp.local.", "x=y".getBytes(StandardCharsets.US_ASCII));
          d.enqueueResolved("forged._veilnet._udp.local.", TxtCodec.encode(forged));
          d.enqueueResolved("unsigned._veilnet._udp.local.", TxtCodec.encode(unsigned));
          try {
            d.enqueueResolved("good._veilnet._udp.local.", TxtCodec.encode(record(good, 1)));
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        })
        .assertNext(p -> {
          assertThat(p.change()).isEqualTo(Change.ADDED);
          assertThat(p.peer().peerIdHex()).isEqualTo(hexId(good));
          assertThat(p.serviceName()).isEqualTo("good._veilnet._udp.local.");
        })
        .thenCancel()
        .verify(WAIT);
    DiscoveryMetrics m = d.metrics();
    assertThat(m.dropped(DropReason.MALFORMED_TXT)).isEqualTo(1);
    assertThat(m.dropped(DropReason.UNVERIFIED)).isEqualTo(2);
    assertThat(m.accepted()).isEqualTo(1);
  }

  @Test
  void throwingVerifier_isCounted_andTheStreamLivesOn() throws Exception {
    RecordVerifier real = SignedPeerRecord.verifier();
    JmdnsLocalDiscovery d = discovery(r -> {
      if (r.length == 7) {
        throw new IllegalStateException("boom");
      }
      return real.verify(r);
    }, 64, 64);
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(RANDOM);
    byte[] ok = record(key, 1);
    StepVerifier.create(d.peers())
        .then(() -> {
          d.enqueueResolved("bad._veilnet._udp.local.", TxtCodec.encode(new byte[7]));
          d.enqueueResolved("ok._veilnet._udp.local.", TxtCodec.encode(ok));
        })
        .assertNext(p -> assertThat(p.peer().peerIdHex()).isEqualTo(hexId(key)))
        .thenCancel()
        .verify(WAIT);
    assertThat(d.metrics().dropped(DropReason.VERIFIER_ERROR)).isEqualTo(1);
  }

  @Test
  void higherSeqIsAnUpdate_staleIsDropped_goodbyeIsARemoval() throws Exception {
    JmdnsLocalDiscovery d = discovery();
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(RANDOM);
    byte[] txt1 = TxtCodec.encode(record(key, 1));
    byte[] txt2 = TxtCodec.encode(record(key, 2));
    String name = "p._veilnet._udp.local.";
    StepVerifier.create(d.peers())
        .then(() -> {
          d.enqueueResolved(name, txt1);
          d.enqueueResolved(name, txt1); // duplicate: no event
          d.enqueueResolved(name, txt2);
          d.enqueueResolved(name, txt1); // stale
          d.enqueueRemoved(name);
        })
        .assertNext(p -> assertThat(p.change()).isEqualTo(Change.ADDED))
        .assertNext(p -> {
          assertThat(p.change()).isEqualTo(Change.UPDATED);
          assertThat(p.peer().seq()).isEqualTo(2);
          assertThat(p.peer().endpoints().get(0).getPort()).isEqualTo(4002);
        })
        .assertNext(p -> assertThat(p.change()).isEqualTo(Change.REMOVED))
        .thenCancel()
        .verify(WAIT);
    assertThat(d.metrics().dropped(DropReason.STALE)).isEqualTo(1);
    assertThat(d.metrics().removed()).isEqualTo(1);
  }

  @Test
  void lateSubscriber_firstReceivesTheKnownPeers() throws Exception {
    JmdnsLocalDiscovery d = discovery();
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(RANDOM);
    d.enqueueResolved("p._veilnet._udp.local.", TxtCodec.encode(record(key, 3)));
    awaitMetrics(d, m -> m.accepted() == 1);
    StepVerifier.create(d.peers())
        .assertNext(p -> {
          assertThat(p.change()).isEqualTo(Change.ADDED);
          assertThat(p.peer().seq()).isEqualTo(3);
        })
        .thenCancel()
        .verify(WAIT);
  }

  @Test
  void fullEventQueue_dropsAnnouncementsAsOverloaded() throws Exception {
    JmdnsLocalDiscovery d = discovery(SignedPeerRecord.verifier(), 1, 64);
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    var sub = d.peers().subscribe(p -> { // runs on the state thread: blocks it
      entered.countDown();
      try {
        release.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    try {
      d.enqueueResolved("first._veilnet._udp.local.",
          TxtCodec.encode(record(Ed25519PrivateKey.generate(RANDOM), 1)));
      assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 5; i++) {
        d.enqueueResolved("n" + i + "._veilnet._udp.local.",
            TxtCodec.encode(record(Ed25519PrivateKey.generate(RANDOM), 1)));
      }
      assertThat(d.metrics().dropped(DropReason.OVERLOADED)).isEqualTo(4);
    } finally {
      release.countDown();
    }
    awaitMetrics(d, m -> m.accepted() == 2);
    sub.dispose();
  }

  @Test
  void slowSubscriber_losesOldestEvents_countedNotErrored() throws Exception {
    JmdnsLocalDiscovery d = discovery(SignedPeerRecord.verifier(), 64, 2);
    StepVerifier.create(d.peers(), 0)
        .then(() -> {
          try {
            for (int i = 0; i < 5; i++) {
              d.enqueueResolved("n" + i + "._veilnet._udp.local.",
                  TxtCodec.encode(record(Ed25519PrivateKey.generate(RANDOM), 1)));
            }
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        })
        .then(() -> awaitMetrics(d, m -> m.accepted() == 5))
        .thenRequest(10)
        .assertNext(p -> assertThat(p.serviceName()).isEqualTo("n3._veilnet._udp.local."))
        .assertNext(p -> assertThat(p.serviceName()).isEqualTo("n4._veilnet._udp.local."))
        .thenCancel()
        .verify(WAIT);
    assertThat(d.metrics().dropped(DropReason.SLOW_SUBSCRIBER)).isEqualTo(3);
  }

  @Test
  void close_completesStreams_isFastWithoutJmdns_andRefusesLaterUse() throws Exception {
    JmdnsLocalDiscovery d = discovery();
    StepVerifier.create(d.peers())
        .then(d::close)
        .expectComplete()
        .verify(WAIT);
    StepVerifier.create(d.onClose()).expectComplete().verify(WAIT);
    StepVerifier.create(d.peers()).expectComplete().verify(WAIT);
    StepVerifier.create(d.start()).expectError(IllegalStateException.class).verify(WAIT);
    StepVerifier.create(d.advertise(new byte[] {1})).expectError(IllegalStateException.class)
        .verify(WAIT);
    d.close(); // idempotent
    StepVerifier.create(d.closeAsync()).expectComplete().verify(WAIT);
  }

  @Test
  void advertiseBeforeStart_isRefused() throws Exception {
    JmdnsLocalDiscovery d = discovery();
    StepVerifier.create(d.advertise(record(Ed25519PrivateKey.generate(RANDOM), 1)))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("start() first"))
        .verify(WAIT);
    assertThat(d.instanceName()).isEmpty();
  }

  @Test
  void addressOfNoInterface_failsStartBeforeJmdnsIsCreated() throws Exception {
    // 198.51.100.254 (TEST-NET-2) is on no interface; JmDNS would fall back to the default one.
    InetAddress nowhere = InetAddress.getByName("198.51.100.254");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        java.net.NetworkInterface.getByInetAddress(nowhere) == null,
        "198.51.100.254 is configured on this host; not starting discovery on a real interface");
    assertThatThrownBy(() -> JmdnsLocalDiscovery.requireMulticastInterface(nowhere))
        .isInstanceOf(java.io.IOException.class).hasMessageContaining("198.51.100.254");
    discovery = new JmdnsLocalDiscovery(MdnsConfig.builder()
        .bindAddress(nowhere)
        .verifier(SignedPeerRecord.verifier()).build());
    StepVerifier.create(discovery.start())
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(java.io.IOException.class)
            .hasMessageContaining("no network interface has address 198.51.100.254"))
        .verify(WAIT);
  }
}
