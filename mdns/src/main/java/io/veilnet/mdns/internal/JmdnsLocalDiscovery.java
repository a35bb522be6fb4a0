package io.veilnet.mdns.internal;

import io.veilnet.crypto.Bytes;
import io.veilnet.mdns.DiscoveryMetrics;
import io.veilnet.mdns.DropReason;
import io.veilnet.mdns.LocalDiscovery;
import io.veilnet.mdns.LocalPeer;
import io.veilnet.mdns.MdnsConfig;
import io.veilnet.mdns.VerifiedPeer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.random.RandomGenerator;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceInfo;
import javax.jmdns.ServiceListener;
import javax.jmdns.impl.ServiceInfoImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * {@link LocalDiscovery} over JmDNS.
 *
 * <p>Threads (all daemon, all owned and shut down by this object):
 * <ul>
 *   <li>{@code veilnet-mdns-jmdns-*}: every JmDNS call that may block (create, register, resolve,
 *       paced TXT updates, close), strictly in submission order, so start/advertise/close never
 *       race;
 *   <li>{@code veilnet-mdns-state-*}: owns the {@link PeerTable} and the subscriber list; decodes,
 *       verifies and emits. JmDNS callbacks only enqueue work here (bounded, see {@link
 *       MdnsConfig#eventQueueCapacity()}).
 * </ul>
 */
public final class JmdnsLocalDiscovery implements LocalDiscovery {
  private static final Logger log = LoggerFactory.getLogger(JmdnsLocalDiscovery.class);
  /** How often a deferred TXT update checks whether the service has finished announcing. */
  private static final long ANNOUNCED_POLL_NANOS = 250_000_000L;
  /** How long a resolve request may hold the JmDNS thread (JmDNS waits in 200 ms steps). */
  private static final long RESOLVE_WAIT_MS = 1;

  private final MdnsConfig config;
  private final RandomGenerator random;
  private final String hostName;
  private final ScheduledThreadPoolExecutor jmdnsThread;
  private final Scheduler jmdnsScheduler;
  private final ThreadPoolExecutor stateThread;
  private final AtomicInteger pendingAnnouncements = new AtomicInteger();
  private final Map<DropReason, LongAdder> drops = new EnumMap<>(DropReason.class);
  private final LongAdder accepted = new LongAdder();
  private final LongAdder removed = new LongAdder();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final Sinks.Empty<Void> closed = Sinks.empty();
  private final AtomicLong closeNanos = new AtomicLong(-1);
  private final Mono<LocalDiscovery> start;
  private final ServiceListener listener = new Listener();

  // jmdns thread only (volatile where read elsewhere)
  private volatile JmDNS jmdns;
  private volatile ServiceInfo registered;
  private volatile String ownInstanceKey;
  private volatile byte[] ownPeerId;
  private long ownSeq = -1;
  private byte[] ownRecord;
  private final UpdatePacer pacer; // jmdns thread only
  private byte[] pendingTxt;
  private boolean flushScheduled;

  // state thread only
  private final PeerTable table;
  private final List<FluxSink<LocalPeer>> subscribers = new ArrayList<>();
  private boolean stateClosed;

  public JmdnsLocalDiscovery(MdnsConfig config) {
    this(config, new SecureRandom());
  }

  /**
   * With {@code names} as the source of the random host and instance name suffixes (tests use a
   * seeded generator to provoke name conflicts on purpose).
   */
  public JmdnsLocalDiscovery(MdnsConfig config, RandomGenerator names) {
    this(config, names, new UpdatePacer());
  }

  /** With {@code pacer} limiting TXT updates (tests use a short window). */
  public JmdnsLocalDiscovery(MdnsConfig config, RandomGenerator names, UpdatePacer pacer) {
    this.config = Objects.requireNonNull(config, "config");
    this.random = Objects.requireNonNull(names, "names");
    this.pacer = Objects.requireNonNull(pacer, "pacer");
    this.table = new PeerTable(config.maxPeers(), PeerTable.DEFAULT_MAX_INSTANCES_PER_PEER);
    for (DropReason r : DropReason.values()) {
      drops.put(r, new LongAdder());
    }
    this.hostName = "vn-" + randomHex(4);
    this.jmdnsThread = new ScheduledThreadPoolExecutor(1, daemon("veilnet-mdns-jmdns-" + hostName));
    // Closing drops a paced TXT update that has not been sent yet.
    this.jmdnsThread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.jmdnsThread.setRemoveOnCancelPolicy(true);
    this.stateThread = singleDaemonThread("veilnet-mdns-state-" + hostName);
    this.jmdnsScheduler = Schedulers.fromExecutor(jmdnsThread);
    this.start = Mono.defer(() -> closing.get()
            ? Mono.<LocalDiscovery>error(new IllegalStateException("discovery is closed"))
            : Mono.fromCallable(this::doStart).subscribeOn(jmdnsScheduler))
        .cache();
  }

  @Override
  public Mono<LocalDiscovery> start() {
    return start;
  }

  private LocalDiscovery doStart() throws IOException {
    if (closing.get()) {
      throw new IllegalStateException("discovery is closed");
    }
    long t0 = System.nanoTime();
    requireMulticastInterface(config.bindAddress());
    JmDNS dns = config.rfcTiming()
        ? RfcTimedTaskStarter.create(config.bindAddress(), hostName)
        : JmDNS.create(config.bindAddress(), hostName);
    try {
      // Browsing first: the listener makes JmDNS send its PTR queries now, so peers already on
      // the link answer while our own probing (RFC 6762 §8.1, < 1 s) is still under way.
      dns.addServiceListener(SERVICE_TYPE, listener);
    } catch (RuntimeException e) {
      dns.close();
      throw e;
    }
    jmdns = dns;
    log.debug("mDNS discovery {} bound to {} in {} ms", hostName,
        config.bindAddress().getHostAddress(), (System.nanoTime() - t0) / 1_000_000);
    return this;
  }

  /**
   * JmDNS silently falls back to the default interface when no interface has the address; refuse
   * instead, so discovery only ever runs where it was told to.
   */
  static void requireMulticastInterface(InetAddress address) throws IOException {
    NetworkInterface ni = NetworkInterface.getByInetAddress(address);
    if (ni == null) {
      throw new IOException("no network interface has address " + address.getHostAddress());
    }
    if (!ni.isUp()) {
      throw new IOException("interface " + ni.getName() + " is down");
    }
    if (!ni.supportsMulticast()) {
      throw new IOException("interface " + ni.getName() + " does not support multicast");
    }
  }

  @Override
  public Mono<Void> advertise(byte[] signedRecord) {
    Objects.requireNonNull(signedRecord, "signedRecord");
    byte[] record = signedRecord.clone();
    return Mono.<Void>fromRunnable(() -> doAdvertise(record)).subscribeOn(jmdnsScheduler)
        .onErrorMap(RejectedExecutionException.class,
            e -> new IllegalStateException("discovery is closed"));
  }

  private void doAdvertise(byte[] record) {
    JmDNS dns = jmdns;
    if (dns == null) {
      throw new IllegalStateException(closing.get() ? "discovery is closed" : "start() first");
    }
    VerifiedPeer self = verifyOrNull(record);
    if (self == null) {
      throw new IllegalArgumentException("own record does not pass the configured verifier");
    }
    byte[] txt = TxtCodec.encode(record);
    byte[] knownId = ownPeerId;
    if (knownId != null && !Arrays.equals(knownId, self.peerId())) {
      throw new IllegalArgumentException("one LocalDiscovery advertises one peer id");
    }
    long previousSeq = ownSeq;
    if (previousSeq >= 0 && self.seq() <= previousSeq) {
      if (self.seq() == previousSeq && Arrays.equals(record, ownRecord)) {
        return; // already advertised
      }
      throw new IllegalArgumentException(
          "seq must increase: advertised " + previousSeq + ", got " + self.seq());
    }
    ownPeerId = self.peerId();
    ownSeq = self.seq();
    ownRecord = record;
    if (registered == null) {
      String instance = "vn-" + Bytes.toHex(Arrays.copyOf(self.peerId(), 4)) + "-" + randomHex(2);
      int port = self.endpoints().isEmpty() ? 0 : self.endpoints().get(0).getPort();
      ServiceInfo info = ServiceInfo.create(SERVICE_TYPE, instance, port, 0, 0, txt);
      ownInstanceKey = key(info.getQualifiedName());
      try {
        dns.registerService(info); // may rename on conflict (JmDNS appends " (2)")
      } catch (IOException e) {
        throw new IllegalStateException("mDNS registration failed", e);
      }
      registered = info;
      ownInstanceKey = key(info.getQualifiedName());
      log.debug("advertising {} (seq {})", info.getQualifiedName(), self.seq());
    } else {
      pendingTxt = txt;
      flushUpdate();
    }
  }

  /**
   * jmdns thread: sends the latest pending TXT now, or schedules it once RFC 6762 §8.4 pacing (ten
   * updates a minute) allows; later records replace a pending one, so only the newest is sent.
   */
  private void flushUpdate() {
    ServiceInfo info = registered;
    byte[] txt = pendingTxt;
    if (txt == null || info == null || jmdns == null) {
      return;
    }
    long now = System.nanoTime();
    long wait = pacer.delayNanos(now);
    if (wait == 0 && !isAnnounced(info)) {
      // JmDNS 3.6.1 bug: setText while the service is still probing or announcing detaches it
      // from the running task, and it is never (re-)announced again. Wait until it is announced.
      wait = ANNOUNCED_POLL_NANOS;
    }
    if (wait > 0) {
      if (!flushScheduled) {
        flushScheduled = true;
        jmdnsThread.schedule(() -> {
          flushScheduled = false;
          flushUpdate();
        }, wait, TimeUnit.NANOSECONDS);
        log.debug("TXT update of {} deferred {} ms", info.getQualifiedName(), wait / 1_000_000);
      }
      return;
    }
    pendingTxt = null;
    pacer.record(now);
    info.setText(txt);
    log.debug("re-advertising {}", info.getQualifiedName());
  }

  private static boolean isAnnounced(ServiceInfo info) {
    return !(info instanceof ServiceInfoImpl impl) || impl.isAnnounced();
  }

  @Override
  public Flux<LocalPeer> peers() {
    return Flux.<LocalPeer>create(sink -> {
          Runnable register = () -> {
            if (stateClosed) {
              sink.complete();
              return;
            }
            for (LocalPeer p : table.snapshot()) {
              sink.next(p);
            }
            subscribers.add(sink);
            sink.onDispose(() -> runOnState(() -> subscribers.remove(sink)));
          };
          if (!runOnState(register)) {
            sink.complete();
          }
        }, FluxSink.OverflowStrategy.BUFFER)
        .onBackpressureBuffer(config.subscriberBuffer(), dropped -> count(DropReason.SLOW_SUBSCRIBER),
            BufferOverflowStrategy.DROP_OLDEST);
  }

  @Override
  public DiscoveryMetrics metrics() {
    Map<DropReason, Long> snapshot = new EnumMap<>(DropReason.class);
    drops.forEach((r, n) -> snapshot.put(r, n.sum()));
    return new DiscoveryMetrics(accepted.sum(), removed.sum(), snapshot);
  }

  @Override
  public Optional<String> instanceName() {
    String key = ownInstanceKey;
    ServiceInfo info = registered;
    return key == null ? Optional.empty() : Optional.of(info != null ? info.getName() : key);
  }

  /** Whether our service has finished probing and announcing (diagnostics and tests). */
  public boolean isAnnounced() {
    ServiceInfo info = registered;
    return info != null && isAnnounced(info);
  }

  /** How long the JmDNS close took, once closed (diagnostics and measurements). */
  public Optional<java.time.Duration> closeDuration() {
    long n = closeNanos.get();
    return n < 0 ? Optional.empty() : Optional.of(java.time.Duration.ofNanos(n));
  }

  @Override
  public Mono<Void> closeAsync() {
    beginClose();
    return onClose();
  }

  @Override
  public Mono<Void> onClose() {
    return closed.asMono();
  }

  @Override
  public void close() {
    beginClose();
  }

  private void beginClose() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    runOnState(() -> {
      stateClosed = true;
      for (FluxSink<LocalPeer> s : subscribers) {
        s.complete();
      }
      subscribers.clear();
    });
    stateThread.shutdown(); // queued work still runs; nothing new is accepted
    try {
      jmdnsThread.execute(this::closeJmdns); // after any queued start/advertise
    } catch (RejectedExecutionException e) {
      closed.tryEmitEmpty();
    }
    jmdnsThread.shutdown();
  }

  private void closeJmdns() {
    long t0 = System.nanoTime();
    JmDNS dns = jmdns;
    jmdns = null;
    try {
      if (dns != null) {
        dns.removeServiceListener(SERVICE_TYPE, listener);
        dns.close(); // unregisters (goodbye packets) and waits for JmDNS's tasks: seconds
      }
    } catch (IOException | RuntimeException e) {
      log.warn("closing JmDNS on {} failed: {}", config.bindAddress().getHostAddress(), e.toString());
    } finally {
      closeNanos.set(System.nanoTime() - t0);
      log.debug("mDNS discovery {} closed in {} ms", hostName, (System.nanoTime() - t0) / 1_000_000);
      closed.tryEmitEmpty();
    }
  }

  // ---- inbound: JmDNS threads enqueue, the state thread decides ----

  private final class Listener implements ServiceListener {
    @Override
    public void serviceAdded(ServiceEvent event) {
      ServiceInfo info = event.getInfo();
      if (info != null && info.hasData()) {
        enqueueResolved(event);
        return;
      }
      // Ask for SRV/TXT; JmDNS answers through serviceResolved. Off JmDNS's own threads because
      // requestServiceInfo waits (up to 200 ms) for data.
      String type = event.getType();
      String name = event.getName();
      try {
        jmdnsThread.execute(() -> {
          JmDNS dns = jmdns;
          if (dns != null) {
            dns.requestServiceInfo(type, name, false, RESOLVE_WAIT_MS);
          }
        });
      } catch (RejectedExecutionException e) {
        // closing
      }
    }

    @Override
    public void serviceRemoved(ServiceEvent event) {
      enqueueRemoved(key(event.getName() + "." + event.getType()));
    }

    @Override
    public void serviceResolved(ServiceEvent event) {
      enqueueResolved(event);
    }
  }

  private void enqueueResolved(ServiceEvent event) {
    ServiceInfo info = event.getInfo();
    enqueueResolved(key(info.getQualifiedName()), info.getTextBytes());
  }

  /**
   * Hands a resolved announcement to the state thread; called on JmDNS threads (and by tests).
   * Bounded: beyond {@link MdnsConfig#eventQueueCapacity()} pending announcements it is dropped.
   */
  void enqueueResolved(String instance, byte[] txt) {
    if (instance.equals(ownInstanceKey)) {
      return;
    }
    if (pendingAnnouncements.incrementAndGet() > config.eventQueueCapacity()) {
      pendingAnnouncements.decrementAndGet();
      count(DropReason.OVERLOADED);
      return;
    }
    if (!runOnState(() -> {
      pendingAnnouncements.decrementAndGet();
      onResolved(instance, txt);
    })) {
      pendingAnnouncements.decrementAndGet();
    }
  }

  /** Hands a withdrawn or expired announcement to the state thread. */
  void enqueueRemoved(String instance) {
    runOnState(() -> onRemoved(instance));
  }

  /** State thread. */
  private void onResolved(String instance, byte[] txt) {
    if (stateClosed) {
      return;
    }
    byte[] record;
    try {
      record = TxtCodec.decode(txt);
    } catch (TxtDecodeException e) {
      count(DropReason.MALFORMED_TXT);
      log.debug("ignored {}: {}", instance, e.getMessage());
      return;
    }
    VerifiedPeer peer;
    try {
      peer = config.verifier().verify(record).orElse(null);
    } catch (RuntimeException e) {
      count(DropReason.VERIFIER_ERROR);
      log.warn("record verifier threw on {}: {}", instance, e.toString());
      return;
    }
    if (peer == null) {
      count(DropReason.UNVERIFIED);
      log.debug("ignored {}: record not verified", instance);
      return;
    }
    byte[] self = ownPeerId;
    if (self != null && Arrays.equals(self, peer.peerId())) {
      return; // our own record under a name we did not expect (renamed after a conflict)
    }
    apply(table.onResolved(instance, record, peer));
  }

  /** State thread. */
  private void onRemoved(String instance) {
    if (!stateClosed) {
      apply(table.onRemoved(instance));
    }
  }

  private void apply(PeerTable.Outcome outcome) {
    outcome.drop().ifPresent(this::count);
    for (LocalPeer event : outcome.events()) {
      if (event.change() == LocalPeer.Change.REMOVED) {
        removed.increment();
      } else {
        accepted.increment();
      }
      log.debug("peer {}", event);
      for (FluxSink<LocalPeer> s : subscribers) {
        try {
          s.next(event);
        } catch (RuntimeException e) { // a failing subscriber must not stop discovery
          log.warn("peers() subscriber failed: {}", e.toString());
        }
      }
    }
  }

  private VerifiedPeer verifyOrNull(byte[] record) {
    try {
      return config.verifier().verify(record).orElse(null);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private boolean runOnState(Runnable task) {
    try {
      stateThread.execute(task);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  private void count(DropReason reason) {
    drops.get(reason).increment();
  }

  private String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    synchronized (random) {
      random.nextBytes(b);
    }
    return Bytes.toHex(b);
  }

  static String key(String qualifiedName) {
    String k = qualifiedName.toLowerCase(Locale.ROOT);
    return k.endsWith(".") ? k : k + ".";
  }

  private static ThreadPoolExecutor singleDaemonThread(String name) {
    return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
        daemon(name));
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public String toString() {
    return "JmdnsLocalDiscovery[" + hostName + " on " + config.bindAddress().getHostAddress() + "]";
  }
}
