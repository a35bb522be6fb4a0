package io.veilnet.mdns.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Set;
import java.util.Timer;
import java.util.concurrent.ConcurrentHashMap;
import javax.jmdns.JmDNS;
import javax.jmdns.impl.DNSIncoming;
import javax.jmdns.impl.DNSTaskStarter;
import javax.jmdns.impl.DNSTaskStarter.DNSTaskStarterImpl.StarterTimer;
import javax.jmdns.impl.JmDNSImpl;
import javax.jmdns.impl.ServiceInfoImpl;
import javax.jmdns.impl.constants.DNSConstants;
import javax.jmdns.impl.tasks.RecordReaper;
import javax.jmdns.impl.tasks.Responder;
import javax.jmdns.impl.tasks.resolver.DNSResolverTask;
import javax.jmdns.impl.tasks.resolver.ServiceInfoResolver;
import javax.jmdns.impl.tasks.resolver.ServiceResolver;
import javax.jmdns.impl.tasks.resolver.TypeResolver;
import javax.jmdns.impl.tasks.state.Announcer;
import javax.jmdns.impl.tasks.state.Canceler;
import javax.jmdns.impl.tasks.state.Prober;
import javax.jmdns.impl.tasks.state.Renewer;

/**
 * JmDNS 3.6.1's task starter with RFC 6762 timing for probing, announcing and cache reaping, used
 * only for JmDNS instances this module creates. Everything else is JmDNS's stock behaviour.
 *
 * <p>Why: stock JmDNS probes a host that is not yet announced at 1 s intervals after a 1 s delay
 * and delays its first announcement by another second, so a newcomer becomes visible ≈ 4 s after
 * start (measured here, docs/mdns.md). RFC 6762 §8.1 asks for a 0–250 ms random delay and probes
 * 250 ms apart; §8.3 for the first announcement as soon as probing succeeds and the second one
 * second later. This starter does exactly that (≈ 0.9 s), and keeps a probe rate limit stricter
 * than the RFC's (5 s between probes once JmDNS's throttle counter trips, §8.1). The cache reaper
 * runs every second instead of every 10 s, so a goodbye (TTL 0, kept for 1 s per §10.1) removes a
 * peer sooner. Queries (browse, resolve, type enumeration) follow §5.2 — first after 20–120 ms,
 * then 1 s and 2 s later — where stock JmDNS sends them 225 ms apart, and the duplicate browse
 * that JmDNS starts for every listener (listener + internal collector) is sent once.
 *
 * <p>JmDNS only offers a JVM-wide hook ({@link DNSTaskStarter.Factory#setClassDelegate}); the
 * delegate installed here applies this starter to instances created through {@link #create} and
 * hands every other JmDNS instance to the previous delegate or the stock starter.
 */
final class RfcTimedTaskStarter implements DNSTaskStarter {
  static final long PROBE_THROTTLED_INTERVAL_MS = 5_000;
  static final long REAPER_INTERVAL_MS = 1_000;
  /** RFC 6762 §5.2: first query after 20–120 ms, then ≥ 1 s, then doubling. */
  static final int QUERY_MIN_DELAY_MS = 20;
  static final int QUERY_MAX_DELAY_MS = 120;
  static final long QUERY_TICK_MS = 1_000;
  /** The timer tick (0-based) on which no query is sent, so the gaps are 1 s and then 2 s. */
  static final int QUERY_SKIPPED_TICK = 2;

  private static final Set<String> PENDING = ConcurrentHashMap.newKeySet();
  private static final Object INSTALL_LOCK = new Object();
  private static boolean installed;

  private final JmDNSImpl dns;
  private final Timer timer;
  private final Timer stateTimer;
  private final Set<String> runningServiceResolvers = ConcurrentHashMap.newKeySet();

  private RfcTimedTaskStarter(JmDNSImpl dns) {
    this.dns = dns;
    this.timer = new StarterTimer("JmDNS(" + dns.getName() + ").Timer", true);
    this.stateTimer = new StarterTimer("JmDNS(" + dns.getName() + ").State.Timer", false);
  }

  /** {@code JmDNS.create(address, name)} with RFC timing; {@code name} must be unique. */
  static JmDNS create(InetAddress address, String name) throws IOException {
    install();
    if (!PENDING.add(name)) {
      throw new IllegalStateException("JmDNS name already being created: " + name);
    }
    try {
      return JmDNS.create(address, name);
    } finally {
      PENDING.remove(name);
    }
  }

  private static void install() {
    synchronized (INSTALL_LOCK) {
      if (installed) {
        return;
      }
      DNSTaskStarter.Factory.ClassDelegate previous = DNSTaskStarter.Factory.classDelegate();
      DNSTaskStarter.Factory.setClassDelegate(jmdns -> {
        if (PENDING.contains(jmdns.getName())) {
          return new RfcTimedTaskStarter(jmdns);
        }
        return previous != null
            ? previous.newDNSTaskStarter(jmdns)
            : new DNSTaskStarter.DNSTaskStarterImpl(jmdns);
      });
      installed = true;
    }
  }

  /** Probes per RFC 6762 §8.1: random 0–250 ms, then 250 ms apart; throttled: 5 s apart. */
  static final class RfcProber extends Prober {
    RfcProber(JmDNSImpl dns) {
      super(dns);
    }

    @Override
    public void start(Timer timer) {
      JmDNSImpl d = getDns();
      long now = System.currentTimeMillis();
      if (now - d.getLastThrottleIncrement() < DNSConstants.PROBE_THROTTLE_COUNT_INTERVAL) {
        d.setThrottle(d.getThrottle() + 1);
      } else {
        d.setThrottle(1);
      }
      d.setLastThrottleIncrement(now);
      if (d.isCanceling() || d.isCanceled()) {
        return;
      }
      if (d.getThrottle() < DNSConstants.PROBE_THROTTLE_COUNT) {
        timer.schedule(this, JmDNSImpl.getRandom().nextInt(1 + DNSConstants.PROBE_WAIT_INTERVAL),
            DNSConstants.PROBE_WAIT_INTERVAL);
      } else {
        timer.schedule(this, PROBE_THROTTLED_INTERVAL_MS, PROBE_THROTTLED_INTERVAL_MS);
      }
    }
  }

  /** Announces per RFC 6762 §8.3: at once when probing has succeeded, then one second later. */
  static final class RfcAnnouncer extends Announcer {
    RfcAnnouncer(JmDNSImpl dns) {
      super(dns);
    }

    @Override
    public void start(Timer timer) {
      if (!getDns().isCanceling() && !getDns().isCanceled()) {
        timer.schedule(this, 0, DNSConstants.ANNOUNCE_WAIT_INTERVAL);
      }
    }
  }

  /** Reaps expired cache records every second (goodbyes expire 1 s after receipt, §10.1). */
  static final class FastReaper extends RecordReaper {
    FastReaper(JmDNSImpl dns) {
      super(dns);
    }

    @Override
    public void start(Timer timer) {
      if (!getDns().isCanceling() && !getDns().isCanceled()) {
        timer.schedule(this, REAPER_INTERVAL_MS, REAPER_INTERVAL_MS);
      }
    }
  }

  /** Schedules a JmDNS resolver (three queries) on the RFC 6762 §5.2 query schedule. */
  private static void scheduleQueries(DNSResolverTask task, Timer timer) {
    if (!task.getDns().isCanceling() && !task.getDns().isCanceled()) {
      int jitter = JmDNSImpl.getRandom().nextInt(QUERY_MAX_DELAY_MS - QUERY_MIN_DELAY_MS + 1);
      timer.schedule(task, QUERY_MIN_DELAY_MS + jitter, QUERY_TICK_MS);
    }
  }

  /** PTR browsing for one service type; at most one per type runs at a time. */
  static final class RfcServiceResolver extends ServiceResolver {
    private final Runnable onDone;
    private int ticks;

    RfcServiceResolver(JmDNSImpl dns, String type, Runnable onDone) {
      super(dns, type);
      this.onDone = onDone;
    }

    @Override
    public void start(Timer timer) {
      scheduleQueries(this, timer);
    }

    @Override
    public void run() {
      if (ticks++ != QUERY_SKIPPED_TICK) {
        super.run();
      }
    }

    @Override
    public boolean cancel() {
      onDone.run();
      return super.cancel();
    }
  }

  /** SRV/TXT/address queries for one instance. */
  static final class RfcServiceInfoResolver extends ServiceInfoResolver {
    private int ticks;

    RfcServiceInfoResolver(JmDNSImpl dns, ServiceInfoImpl info) {
      super(dns, info);
    }

    @Override
    public void start(Timer timer) {
      scheduleQueries(this, timer);
    }

    @Override
    public void run() {
      if (ticks++ != QUERY_SKIPPED_TICK) {
        super.run();
      }
    }
  }

  /** Service type enumeration queries. */
  static final class RfcTypeResolver extends TypeResolver {
    private int ticks;

    RfcTypeResolver(JmDNSImpl dns) {
      super(dns);
    }

    @Override
    public void start(Timer timer) {
      scheduleQueries(this, timer);
    }

    @Override
    public void run() {
      if (ticks++ != QUERY_SKIPPED_TICK) {
        super.run();
      }
    }
  }

  @Override
  public void purgeTimer() {
    timer.purge();
  }

  @Override
  public void purgeStateTimer() {
    stateTimer.purge();
  }

  @Override
  public void cancelTimer() {
    timer.cancel();
  }

  @Override
  public void cancelStateTimer() {
    stateTimer.cancel();
  }

  @Override
  public void startProber() {
    new RfcProber(dns).start(stateTimer);
  }

  @Override
  public void startAnnouncer() {
    new RfcAnnouncer(dns).start(stateTimer);
  }

  @Override
  public void startRenewer() {
    new Renewer(dns).start(stateTimer);
  }

  @Override
  public void startCanceler() {
    new Canceler(dns).start(stateTimer);
  }

  @Override
  public void startReaper() {
    new FastReaper(dns).start(timer);
  }

  @Override
  public void startServiceInfoResolver(ServiceInfoImpl info) {
    new RfcServiceInfoResolver(dns, info).start(timer);
  }

  @Override
  public void startTypeResolver() {
    new RfcTypeResolver(dns).start(timer);
  }

  @Override
  public void startServiceResolver(String type) {
    String key = type.toLowerCase(java.util.Locale.ROOT);
    if (runningServiceResolvers.add(key)) { // JmDNS starts two per listener (listener + collector)
      new RfcServiceResolver(dns, type, () -> runningServiceResolvers.remove(key)).start(timer);
    }
  }

  @Override
  public void startResponder(DNSIncoming in, InetAddress address, int port) {
    new Responder(dns, in, address, port).start(timer);
  }
}
