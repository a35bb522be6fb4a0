package io.veilnet.engine.files;

import io.veilnet.engine.files.internal.Manifest;
import io.veilnet.engine.files.internal.ManifestPage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Network steps shared by the file service and repair: manifest reads, page walks, verified
 * fetches and placement. Stateless apart from its settings.
 */
final class ShardAccess {
  private static final Logger log = LoggerFactory.getLogger(ShardAccess.class);

  private final ShardNetwork network;
  private final Duration timeout;
  private final int placementCandidates;
  private final int pageReplicas;

  ShardAccess(ShardNetwork network, Duration timeout, int placementCandidates, int pageReplicas) {
    this.network = network;
    this.timeout = timeout;
    this.placementCandidates = placementCandidates;
    this.pageReplicas = pageReplicas;
  }

  ShardNetwork network() {
    return network;
  }

  static ContentId shardId(byte[] entry, int i) {
    return ContentId.of(Arrays.copyOfRange(entry, i * Manifest.ID, (i + 1) * Manifest.ID));
  }

  /** Reads, verifies and decodes the manifest record of {@code id}. */
  Mono<Manifest> manifest(FileId id) {
    return network.getRecord(id.bytes())
        .timeout(timeout)
        .switchIfEmpty(Mono.error(() -> new FileNotFoundInNetworkException(id)))
        .map(r -> {
          if (!Records.verify(r) || !Arrays.equals(r.key().toBytes(), id.bytes())) {
            throw new FileNotFoundInNetworkException(id);
          }
          Manifest m = Manifest.decode(r.value());
          if (!Arrays.equals(m.fileId(), id.bytes())) {
            throw new IllegalArgumentException("manifest under " + id + " names another file");
          }
          if (m.keyScheme() != Manifest.KEY_SCHEME_KMS_FILE_ID) {
            throw new IllegalArgumentException("unsupported key scheme " + m.keyScheme() + " in manifest of " + id);
          }
          return m;
        });
  }

  /** The segment entries of a manifest in order, reading pages lazily, one per level at a time. */
  Flux<byte[]> segmentEntries(Manifest m) {
    AtomicLong count = new AtomicLong();
    return entries(m, m.tableLevel(), m.table())
        .doOnNext(e -> count.incrementAndGet())
        .concatWith(Mono.defer(() -> count.get() == m.segmentCount()
            ? Mono.empty()
            : Mono.error(new IllegalArgumentException("manifest of " + FileId.of(m.fileId())
                + " lists " + count.get() + " segments, expected " + m.segmentCount()))));
  }

  private Flux<byte[]> entries(Manifest m, int level, List<byte[]> entries) {
    if (level == 0) {
      return Flux.fromIterable(entries);
    }
    return Flux.fromIterable(entries).concatMap(pageId -> {
      ContentId pid = ContentId.of(pageId);
      return fetchVerified(pid)
          .switchIfEmpty(Mono.error(() -> new IllegalStateException(
              "manifest page " + pid + " of file " + FileId.of(m.fileId()) + " is unreachable")))
          .flatMapMany(bytes -> {
            ManifestPage page = ManifestPage.decode(bytes, m.ces().totalShards() * Manifest.ID);
            if (page.level() != level - 1) {
              return Flux.error(new IllegalArgumentException("manifest page at the wrong level"));
            }
            return entries(m, page.level(), page.entries());
          });
    }, 1);
  }

  /**
   * Fetches a blob from its providers (then from the nodes closest to its id), accepting only bytes
   * that hash to the id. Empty if no source delivers it.
   */
  Mono<byte[]> fetchVerified(ContentId id) {
    return candidates(id)
        .concatMap(node -> network.fetchShard(node, id)
            .timeout(timeout)
            .onErrorResume(e -> Mono.empty())
            .filter(bytes -> {
              boolean ok = id.matches(bytes);
              if (!ok) {
                log.warn("node {} served bytes that do not match shard {}; trying another source", node, id);
              }
              return ok;
            }), 1)
        .next();
  }

  /**
   * Nodes asked for a blob when its providers fail or are not announced yet: placement puts a
   * shard on the closest node not holding another shard of its segment, so within n − 1 + (dead
   * nodes) of the closest; ten covers the default 4-of-6 with a few dead nodes.
   */
  static final int FALLBACK_CANDIDATES = 10;

  /** Providers of {@code id}, then the nodes closest to it, each once. */
  Flux<NodeId> candidates(ContentId id) {
    Set<NodeId> seen = ConcurrentHashMap.newKeySet();
    Flux<NodeId> providers = network.findProviders(id)
        .timeout(timeout)
        .onErrorResume(e -> Flux.empty());
    Flux<NodeId> closest = network.closestNodes(id.bytes(), FALLBACK_CANDIDATES)
        .timeout(timeout)
        .onErrorResume(e -> Mono.just(List.of()))
        .flatMapMany(Flux::fromIterable);
    return Flux.concat(providers, closest).filter(seen::add);
  }

  /** The reachable nodes that hold {@code id} (probing candidates, no transfer). */
  Flux<NodeId> liveHolders(ContentId id) {
    return candidates(id)
        .flatMap(node -> network.hasShard(node, id)
            .timeout(timeout)
            .onErrorReturn(false)
            .filter(Boolean::booleanValue)
            .map(b -> node), 4);
  }

  /**
   * Places a shard on the closest node to its id that is reachable and is not in {@code used}
   * (the nodes holding other shards of the same segment, so that losing one node costs a segment
   * at most one shard), then announces it with a provider record.
   */
  Mono<NodeId> placeShard(ContentId id, byte[] shard, Set<NodeId> used, long segment, int index) {
    return network.closestNodes(id.bytes(), placementCandidates)
        .timeout(timeout)
        .flatMap(candidates -> {
          java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
          // A node is claimed for this segment only when a store is actually attempted on it (a
          // filter upstream of concatMap would also claim the candidates concatMap prefetches),
          // and released again if the store fails.
          return Flux.fromIterable(candidates)
              .concatMap(node -> !used.add(node) ? Mono.<NodeId>empty() : network.storeShard(node, id, shard)
                  .timeout(timeout)
                  .thenReturn(node)
                  .onErrorResume(e -> {
                    used.remove(node);
                    failed.incrementAndGet();
                    log.debug("storing shard {} on {} failed: {}", id, node, e.toString());
                    return Mono.empty();
                  }), 1)
              .next()
              .switchIfEmpty(Mono.error(() -> new NodeUnavailableException(
                  "cannot place shard " + index + " of segment " + segment + ": of the " + candidates.size()
                      + " closest nodes found, " + failed.get() + " refused or did not answer and the rest"
                      + " hold other shards of this segment")));
        })
        .flatMap(node -> network.provide(id, node).timeout(timeout).thenReturn(node));
  }

  /** Stores a manifest page on up to {@code pageReplicas} of the nodes closest to its id. */
  Mono<Void> storePage(byte[] page) {
    ContentId id = ContentId.ofContent(page);
    return network.closestNodes(id.bytes(), placementCandidates)
        .timeout(timeout)
        .flatMapMany(Flux::fromIterable)
        .concatMap(node -> network.storeShard(node, id, page)
            .timeout(timeout)
            .then(network.provide(id, node).timeout(timeout))
            .thenReturn(node)
            .onErrorResume(e -> Mono.empty()), 1)
        .take(pageReplicas)
        .count()
        .flatMap(c -> c == 0
            ? Mono.error(new NodeUnavailableException("cannot store manifest page " + id + ": no node accepted it"))
            : Mono.empty());
  }
}
