package io.veilnet.engine.files;

import io.veilnet.crypto.Ed25519PrivateKey;
import io.veilnet.engine.files.internal.Manifest;
import io.veilnet.engine.files.internal.ManifestPage;
import io.veilnet.kademlia.ValueRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Keeps the manifests this node owns alive. A manifest is a signed value record with an absolute
 * expiry ({@link FileServiceConfig#recordTtl()}, default 6 days) and storers drop it then, so the
 * owner must re-put it: every {@code period} (default 1 h, on an injected scheduler and clock, so
 * tests run it on virtual time) this walks the {@link OwnedManifests} and, for each manifest with
 * less than {@link FileServiceConfig#recordRefreshFraction()} of its lifetime left (or whose last
 * put was not acknowledged), signs the same value again with {@code seq + 1} and a fresh expiry
 * and puts it; storers keep the higher seq.
 *
 * <p>The new seq is written to the store before the record is sent, so a seq is never reused, even
 * across a crash (storers reject a repeated seq). A big file's manifest pages are content-addressed
 * blobs that do not expire; when its root is refreshed, every page is fetched, verified and stored
 * again on the nodes closest to it, which renews its provider records and replaces lost copies.
 *
 * <p>Work per pass is bounded ({@code maxPerPass} manifests, most urgent first); failures are
 * logged and retried on the next pass; a pass never ends the loop.
 */
public final class ManifestRefresher implements Disposable {
  private static final Logger log = LoggerFactory.getLogger(ManifestRefresher.class);

  private final ShardNetwork network;
  private final ShardAccess access;
  private final OwnedManifests owned;
  private final Ed25519PrivateKey signer;
  private final long ttlMillis;
  private final long refreshBelowMillis;
  private final Duration timeout;
  private final Duration period;
  private final Duration firstPassAfter;
  private final int maxPerPass;
  private final Scheduler timer;
  private final Clock clock;
  private final PeriodicPasses<RefreshReport> loop = new PeriodicPasses<>("manifest refresh");

  private ManifestRefresher(Builder b) {
    FileServiceConfig c = b.config;
    this.network = Objects.requireNonNull(b.network, "network");
    this.access = new ShardAccess(network, c.operationTimeout(), c.placementCandidates(), c.pageReplicas());
    this.owned = Objects.requireNonNull(b.owned, "owned");
    this.signer = Objects.requireNonNull(b.signer, "signer");
    this.ttlMillis = c.recordTtl().toMillis();
    this.refreshBelowMillis = (long) (ttlMillis * c.recordRefreshFraction());
    this.timeout = c.operationTimeout();
    this.period = b.period;
    this.firstPassAfter = b.firstPassAfter;
    this.maxPerPass = b.maxPerPass;
    this.timer = Objects.requireNonNull(b.timer, "timer");
    this.clock = Objects.requireNonNull(b.clock, "clock");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Reports of every pass from now on (hot; late subscribers miss earlier passes). */
  public Flux<RefreshReport> reports() {
    return loop.reports();
  }

  /**
   * Starts the periodic passes (the first after {@code firstPassAfter}, so a restarted node catches
   * up soon). Dispose this refresher (or the returned handle) to stop it.
   */
  public Disposable start() {
    return loop.start(firstPassAfter, period, timer, this::pass);
  }

  private boolean due(OwnedManifests.Entry e, long now) {
    return !e.published() || e.record().expiresAtMillis() - now < refreshBelowMillis;
  }

  /** One pass over the owned manifests. Never errors: a failed pass becomes a report with {@code error}. */
  public Mono<RefreshReport> pass() {
    return Mono.defer(() -> {
      long now = clock.millis();
      AtomicInteger ownedCount = new AtomicInteger();
      AtomicInteger dueCount = new AtomicInteger();
      // The most urgent maxPerPass entries: a max-heap on expiry that drops the latest.
      Comparator<OwnedManifests.Entry> latestFirst =
          Comparator.comparingLong((OwnedManifests.Entry e) -> e.record().expiresAtMillis()).reversed();
      return owned.ids()
          .concatMap(id -> owned.get(id)
              .onErrorResume(e -> {
                log.warn("cannot read owned manifest {}: {}", id, e.toString());
                return Mono.empty();
              }), 1)
          .doOnNext(e -> ownedCount.incrementAndGet())
          .filter(e -> due(e, now))
          .collect(() -> new PriorityQueue<>(latestFirst), (PriorityQueue<OwnedManifests.Entry> q, OwnedManifests.Entry e) -> {
            dueCount.incrementAndGet();
            q.add(e);
            if (q.size() > maxPerPass) {
              q.poll();
            }
          })
          .flatMap(q -> {
            List<OwnedManifests.Entry> batch = q.stream()
                .sorted(Comparator.comparingLong(e -> e.record().expiresAtMillis())).toList();
            AtomicInteger refreshed = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            AtomicInteger pagesStored = new AtomicInteger();
            AtomicInteger pagesFailed = new AtomicInteger();
            return Flux.fromIterable(batch)
                .concatMap(e -> refresh(e)
                    .then(Mono.defer(() -> {
                      refreshed.incrementAndGet();
                      return refreshPages(e.fileId(), e.record(), pagesStored, pagesFailed);
                    }))
                    .onErrorResume(ex -> {
                      failed.incrementAndGet();
                      log.warn("refreshing the manifest of {} failed (retried next pass): {}", e.fileId(), ex.toString());
                      return Mono.empty();
                    }), 1)
                .then(Mono.fromSupplier(() -> new RefreshReport(ownedCount.get(), dueCount.get(), refreshed.get(),
                    failed.get(), pagesStored.get(), pagesFailed.get(), null)));
          });
    }).onErrorResume(e -> {
      log.warn("manifest refresh pass failed (retried next pass): {}", e.toString());
      return Mono.just(new RefreshReport(0, 0, 0, 0, 0, 0, e.toString()));
    });
  }

  /** Re-signs {@code e}'s manifest with seq + 1 and a fresh expiry and puts it. */
  private Mono<Void> refresh(OwnedManifests.Entry e) {
    return Mono.defer(() -> {
      ValueRecord old = e.record();
      if (!Arrays.equals(old.owner(), signer.publicKey().bytes())) {
        return Mono.error(new IllegalStateException("the manifest of " + e.fileId()
            + " was signed by another key than this node's; it cannot be re-signed"));
      }
      if (old.seq() == Long.MAX_VALUE) {
        return Mono.error(new IllegalStateException("the manifest of " + e.fileId() + " has used up its seq range"));
      }
      long now = clock.millis();
      ValueRecord next = Records.sign(signer, old.name(), old.seq() + 1, now + ttlMillis, old.value());
      // Spend the seq durably first: storers reject a repeated seq, so one sent must never be reused.
      return owned.remember(new OwnedManifests.Entry(next, false))
          .then(network.putRecord(next).timeout(timeout))
          .then(owned.remember(new OwnedManifests.Entry(next, true)));
    });
  }

  /** Stores every page of a big file's manifest again. Never errors; failures are counted. */
  private Mono<Void> refreshPages(FileId id, ValueRecord record, AtomicInteger stored, AtomicInteger failed) {
    Manifest m;
    try {
      m = Manifest.decode(record.value());
    } catch (RuntimeException e) {
      log.warn("the owned manifest of {} does not decode; its pages are not refreshed: {}", id, e.toString());
      return Mono.empty();
    }
    if (m.tableLevel() == 0) {
      return Mono.empty();
    }
    return pages(id, m.ces().totalShards() * Manifest.ID, m.tableLevel(), m.table(), stored, failed).then();
  }

  private Flux<Void> pages(FileId id, int entrySize, int level, List<byte[]> pageIds, AtomicInteger stored, AtomicInteger failed) {
    return Flux.fromIterable(pageIds).concatMap(raw -> {
      ContentId pid = ContentId.of(raw);
      return access.fetchVerified(pid)
          .switchIfEmpty(Mono.error(() -> new IllegalStateException("page " + pid + " is unreachable")))
          .flatMapMany(bytes -> {
            ManifestPage page = ManifestPage.decode(bytes, entrySize);
            if (page.level() != level - 1) {
              return Flux.error(new IllegalArgumentException("page " + pid + " is at the wrong level"));
            }
            Mono<Void> store = access.storePage(bytes)
                .doOnSuccess(v -> stored.incrementAndGet())
                .onErrorResume(e -> {
                  failed.incrementAndGet();
                  log.warn("re-storing manifest page {} of {} failed: {}", pid, id, e.toString());
                  return Mono.empty();
                });
            return page.level() == 0
                ? store.flux()
                : store.thenMany(pages(id, entrySize, page.level(), page.entries(), stored, failed));
          })
          .onErrorResume(e -> {
            failed.incrementAndGet();
            log.warn("manifest page of {} not refreshed: {}", id, e.toString());
            return Flux.empty();
          });
    }, 1);
  }

  @Override
  public void dispose() {
    loop.dispose();
  }

  @Override
  public boolean isDisposed() {
    return loop.isDisposed();
  }

  /** Network, owned manifests, signer, timer and clock are required (all borrowed). */
  public static final class Builder {
    private ShardNetwork network;
    private FileServiceConfig config = FileServiceConfig.defaults();
    private OwnedManifests owned;
    private Ed25519PrivateKey signer;
    private Duration period = Duration.ofHours(1);
    private Duration firstPassAfter = Duration.ofMinutes(1);
    private int maxPerPass = 1_000;
    private Scheduler timer;
    private Clock clock;

    private Builder() {}

    public Builder network(ShardNetwork network) {
      this.network = Objects.requireNonNull(network, "network");
      return this;
    }

    /** Lifetime, refresh fraction and network settings (those of the file service that put the files). */
    public Builder config(FileServiceConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    public Builder owned(OwnedManifests owned) {
      this.owned = Objects.requireNonNull(owned, "owned");
      return this;
    }

    /** The node's identity key, the owner of the manifests (borrowed: not closed here). */
    public Builder signer(Ed25519PrivateKey signer) {
      this.signer = Objects.requireNonNull(signer, "signer");
      return this;
    }

    /** How often the owned manifests are checked (default 1 h). */
    public Builder period(Duration period) {
      this.period = Objects.requireNonNull(period, "period");
      return this;
    }

    /** Delay before the first pass after {@link #start()} (default 1 min). */
    public Builder firstPassAfter(Duration firstPassAfter) {
      this.firstPassAfter = Objects.requireNonNull(firstPassAfter, "firstPassAfter");
      return this;
    }

    /** At most this many manifests are re-put per pass, most urgent first (default 1,000). */
    public Builder maxPerPass(int maxPerPass) {
      this.maxPerPass = maxPerPass;
      return this;
    }

    public Builder timer(Scheduler timer) {
      this.timer = Objects.requireNonNull(timer, "timer");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public ManifestRefresher build() {
      if (period.isNegative() || period.isZero()) {
        throw new IllegalArgumentException("refresh period must be positive, got " + period);
      }
      Duration window = Duration.ofMillis((long) (config.recordTtl().toMillis() * config.recordRefreshFraction()));
      if (period.compareTo(window) >= 0) {
        throw new IllegalArgumentException("refresh period " + period + " must be shorter than the refresh window "
            + window + " (recordTtl x recordRefreshFraction), or manifests can expire between passes");
      }
      if (firstPassAfter.isNegative()) {
        throw new IllegalArgumentException("firstPassAfter must not be negative, got " + firstPassAfter);
      }
      if (maxPerPass < 1 || maxPerPass > 1_000_000) {
        throw new IllegalArgumentException("maxPerPass must be 1..1000000, got " + maxPerPass);
      }
      return new ManifestRefresher(this);
    }
  }
}
