package io.veilnet.engine.files;

import io.veilnet.crypto.ReedSolomon;
import io.veilnet.engine.files.internal.Manifest;
import io.veilnet.engine.store.NodeStore;
import io.veilnet.kademlia.ValueRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Keeps files at full redundancy: every {@code period} (on an injected scheduler, so tests run it
 * on virtual time) it walks the manifests of the watched files, counts for each segment the shards
 * some reachable node still holds, and when fewer than {@code threshold} remain (default n) it
 * fetches k of them, re-creates the missing shards with Reed–Solomon and places them on the
 * closest reachable nodes not already holding a shard of that segment, with provider records.
 *
 * <p>Repair needs no file key: it works on ciphertext shards only, so any node holding a manifest
 * record can run it. Re-created shards are byte-identical to the originals (Reed–Solomon is
 * deterministic), so their ids match the manifest, which is checked before placing them.
 */
public final class RepairService implements Disposable {
  private static final Logger log = LoggerFactory.getLogger(RepairService.class);

  private final ShardAccess access;
  private final Supplier<Flux<FileId>> watched;
  private final Duration period;
  private final int threshold;
  private final Scheduler timer;
  private final Scheduler cpu;
  private final PeriodicPasses<RepairReport> loop = new PeriodicPasses<>("repair");

  private RepairService(Builder b) {
    FileServiceConfig c = b.config;
    this.access = new ShardAccess(Objects.requireNonNull(b.network, "network"), c.operationTimeout(),
        c.placementCandidates(), c.pageReplicas());
    this.watched = Objects.requireNonNull(b.watched, "watched");
    this.period = Objects.requireNonNull(b.period, "period");
    this.timer = Objects.requireNonNull(b.timer, "timer");
    this.cpu = Objects.requireNonNull(b.cpu, "cpu");
    this.threshold = b.threshold;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The files whose manifest records {@code store} holds: what a node checks when it repairs the
   * files it is responsible for. Reads the store on {@code io} (blocking); skips other records.
   */
  public static Flux<FileId> manifestsIn(NodeStore store, Scheduler io) {
    Objects.requireNonNull(store, "store");
    return Mono.fromCallable(store::recordKeys)
        .subscribeOn(Objects.requireNonNull(io, "io"))
        .flatMapMany(Flux::fromIterable)
        .concatMap(key -> Mono.fromCallable(() -> store.getRecord(key)).subscribeOn(io)
            .flatMap(Mono::justOrEmpty)
            .flatMap(bytes -> {
              try {
                ValueRecord r = ValueRecord.decode(bytes);
                Manifest m = Manifest.decode(r.value());
                return Arrays.equals(m.fileId(), key) ? Mono.just(FileId.of(key)) : Mono.<FileId>empty();
              } catch (RuntimeException e) {
                return Mono.<FileId>empty(); // not a manifest
              }
            }));
  }

  /** Reports of every pass from now on (hot; late subscribers miss earlier passes). */
  public Flux<RepairReport> reports() {
    return loop.reports();
  }

  /**
   * Starts the periodic check (first pass after one period). Dispose this service (or the returned
   * handle) to stop it.
   */
  public Disposable start() {
    return loop.start(period, period, timer, () -> watched.get().concatMap(this::repair));
  }

  /** One repair pass over one file. Never errors: failures become a report with {@code error}. */
  public Mono<RepairReport> repair(FileId id) {
    return access.manifest(id)
        .flatMap(m -> {
          int n = m.ces().totalShards();
          int k = m.ces().dataShards();
          int limit = Math.min(threshold <= 0 ? n : threshold, n);
          List<Long> lost = new ArrayList<>();
          return access.segmentEntries(m)
              .index()
              .concatMap(t -> repairSegment(m, t.getT1(), t.getT2(), n, k, limit)
                  .doOnNext(created -> {
                    if (created < 0) {
                      synchronized (lost) {
                        lost.add(t.getT1());
                      }
                    }
                  }), 1)
              .reduceWith(() -> new long[2], (acc, created) -> {
                acc[0]++;
                acc[1] += Math.max(0, created);
                return acc;
              })
              .map(acc -> new RepairReport(id, acc[0], acc[1], lost, null));
        })
        .onErrorResume(e -> Mono.just(new RepairReport(id, 0, 0, List.of(), e.toString())));
  }

  /** @return shards re-created, or -1 if the segment has fewer than k shards left */
  private Mono<Long> repairSegment(Manifest m, long index, byte[] entry, int n, int k, int limit) {
    ContentId[] ids = new ContentId[n];
    for (int i = 0; i < n; i++) {
      ids[i] = ShardAccess.shardId(entry, i);
    }
    return Flux.range(0, n)
        .flatMapSequential(i -> access.liveHolders(ids[i]).collectList(), 4)
        .collectList()
        .flatMap(holders -> {
          int alive = 0;
          Set<NodeId> used = ConcurrentHashMap.newKeySet();
          for (List<NodeId> h : holders) {
            alive += h.isEmpty() ? 0 : 1;
            used.addAll(h);
          }
          if (alive >= limit) {
            return Mono.just(0L);
          }
          if (alive < k) {
            log.warn("segment {} of file {} has {} of {} shards left: cannot repair", index, FileId.of(m.fileId()), alive, n);
            return Mono.just(-1L);
          }
          return rebuild(m, index, ids, holders, used, n, k);
        });
  }

  private Mono<Long> rebuild(Manifest m, long index, ContentId[] ids, List<List<NodeId>> holders, Set<NodeId> used, int n, int k) {
    List<Integer> available = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (!holders.get(i).isEmpty()) {
        available.add(i);
      }
    }
    return Flux.fromIterable(available)
        .flatMap(i -> access.fetchVerified(ids[i]).map(b -> new Object[] {i, b}), k, 1)
        .take(k)
        .collectList()
        .flatMap(got -> {
          if (got.size() < k) {
            return Mono.just(-1L);
          }
          return Mono.fromCallable(() -> {
                byte[][] shards = new byte[n][];
                boolean[] present = new boolean[n];
                for (Object[] g : got) {
                  shards[(Integer) g[0]] = (byte[]) g[1];
                  present[(Integer) g[0]] = true;
                }
                ReedSolomon.create(k, n).reconstruct(shards, present, 0, m.shardSize());
                return shards;
              })
              .subscribeOn(cpu)
              .flatMapMany(shards -> {
                Set<ContentId> placed = new HashSet<>();
                List<Mono<Long>> work = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                  if (!holders.get(i).isEmpty() || !placed.add(ids[i])) {
                    continue; // still held, or the same content already being placed
                  }
                  if (!ids[i].matches(shards[i])) {
                    log.error("re-created shard {} of segment {} does not match its id; not placing it", i, index);
                    continue;
                  }
                  work.add(access.placeShard(ids[i], shards[i], used, index, i).thenReturn(1L));
                }
                return Flux.concat(work);
              })
              .reduce(0L, Long::sum);
        });
  }

  @Override
  public void dispose() {
    loop.dispose();
  }

  @Override
  public boolean isDisposed() {
    return loop.isDisposed();
  }

  /** Network, watched files, timer and cpu schedulers are required (all borrowed). */
  public static final class Builder {
    private ShardNetwork network;
    private FileServiceConfig config = FileServiceConfig.defaults();
    private Supplier<Flux<FileId>> watched;
    private Duration period = Duration.ofMinutes(10);
    private int threshold;
    private Scheduler timer;
    private Scheduler cpu;

    private Builder() {}

    public Builder network(ShardNetwork network) {
      this.network = Objects.requireNonNull(network, "network");
      return this;
    }

    public Builder config(FileServiceConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /** The files to check on each pass (asked anew each pass, e.g. the manifests this node stores). */
    public Builder watched(Supplier<Flux<FileId>> watched) {
      this.watched = Objects.requireNonNull(watched, "watched");
      return this;
    }

    public Builder period(Duration period) {
      this.period = Objects.requireNonNull(period, "period");
      return this;
    }

    /**
     * Repair a segment when fewer than this many of its shards remain; 0 (default) means n, i.e.
     * repair any loss. A segment with fewer than k shards cannot be repaired at all.
     */
    public Builder threshold(int threshold) {
      this.threshold = threshold;
      return this;
    }

    public Builder timer(Scheduler timer) {
      this.timer = Objects.requireNonNull(timer, "timer");
      return this;
    }

    public Builder cpuScheduler(Scheduler cpu) {
      this.cpu = Objects.requireNonNull(cpu, "cpu");
      return this;
    }

    public RepairService build() {
      if (period.isNegative() || period.isZero()) {
        throw new IllegalArgumentException("repair period must be positive, got " + period);
      }
      if (threshold < 0 || threshold > 256) {
        throw new IllegalArgumentException("repair threshold must be 0 (= n) .. 256, got " + threshold);
      }
      return new RepairService(this);
    }
  }
}
