package io.veilnet.engine.files;

import io.veilnet.crypto.CesPipeline;
import io.veilnet.crypto.DecryptionException;
import io.veilnet.crypto.Ed25519PrivateKey;
import io.veilnet.crypto.KeyService;
import io.veilnet.crypto.SymmetricKey;
import io.veilnet.engine.files.internal.FileMeta;
import io.veilnet.engine.files.internal.Manifest;
import io.veilnet.engine.files.internal.ManifestTableBuilder;
import io.veilnet.engine.files.internal.Segmenter;
import io.veilnet.engine.files.internal.Segmenter.Segment;
import io.veilnet.engine.files.internal.Sha256;
import io.veilnet.kademlia.ValueRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * The {@link FileService} over a {@link ShardNetwork}. See {@code docs/storage.md} for the formats
 * and the placement, retrieval and memory rules.
 */
public final class DefaultFileService implements FileService {
  private static final Logger log = LoggerFactory.getLogger(DefaultFileService.class);
  /** When a segment cannot be rebuilt, at most this many further segments are probed for the error. */
  private static final int MAX_DIAGNOSED_SEGMENTS = 10_000;

  private final ShardNetwork network;
  private final KeyService keys;
  private final Ed25519PrivateKey signer;
  private final FileServiceConfig config;
  private final Scheduler cpu;
  private final boolean ownsCpu;
  private final Clock clock;
  private final Scheduler io;
  private final SecureRandom random = new SecureRandom();
  private final int n;
  private final int k;
  private final ShardAccess access;
  private final OwnedManifests owned;

  private DefaultFileService(Builder b) {
    this.network = Objects.requireNonNull(b.network, "network");
    this.keys = Objects.requireNonNull(b.keys, "keyService");
    this.signer = Objects.requireNonNull(b.signer, "signer");
    this.config = Objects.requireNonNull(b.config, "config");
    this.clock = Objects.requireNonNull(b.clock, "clock");
    this.io = b.io != null ? b.io : Schedulers.boundedElastic();
    this.owned = b.owned;
    if (b.cpu != null) {
      this.cpu = b.cpu;
      this.ownsCpu = false;
    } else {
      this.cpu = Schedulers.newParallel("veilnet-ces", Math.max(1, Runtime.getRuntime().availableProcessors()), true);
      this.ownsCpu = true;
    }
    this.n = config.ces().totalShards();
    this.k = config.ces().dataShards();
    this.access = new ShardAccess(network, config.operationTimeout(), config.placementCandidates(), config.pageReplicas());
  }

  public static Builder builder() {
    return new Builder();
  }

  public FileServiceConfig config() {
    return config;
  }

  /** The network this service uses (for diagnostics and tests). */
  public ShardNetwork network() {
    return network;
  }

  // ---------------------------------------------------------------- put

  @Override
  public Mono<FileRef> put(Flux<ByteBuffer> data) {
    return putTracked(data, "", -1).result();
  }

  @Override
  public Mono<FileRef> put(Path path) {
    return putTracked(path).result();
  }

  @Override
  public Transfer<Mono<FileRef>> putTracked(Path path) {
    Objects.requireNonNull(path, "path");
    long size;
    try {
      size = Files.size(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
    Path name = path.getFileName();
    return putTracked(readFile(path, config.ces().segmentSize(), io), name == null ? "" : name.toString(), size);
  }

  /** Reads a file in pieces on a bounded-elastic thread, one piece per request. */
  static Flux<ByteBuffer> readFile(Path path, int pieceSize, Scheduler io) {
    return Flux.using(
            () -> FileChannel.open(path, StandardOpenOption.READ),
            ch -> Flux.<ByteBuffer>generate(sink -> {
              try {
                ByteBuffer buf = ByteBuffer.allocate(pieceSize);
                while (buf.hasRemaining()) {
                  if (ch.read(buf) < 0) {
                    break;
                  }
                }
                buf.flip();
                if (buf.hasRemaining()) {
                  sink.next(buf);
                } else {
                  sink.complete();
                }
              } catch (IOException e) {
                sink.error(new UncheckedIOException("cannot read " + path, e));
              }
            }),
            ch -> {
              try {
                ch.close();
              } catch (IOException e) {
                log.debug("closing {} failed", path, e);
              }
            })
        .subscribeOn(io, false);
  }

  @Override
  public Transfer<Mono<FileRef>> putTracked(Flux<ByteBuffer> data, String name, long expectedSize) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(name, "name");
    long totalSegments = expectedSize < 0 ? -1 : Math.max(1, (expectedSize + config.ces().segmentSize() - 1) / config.ces().segmentSize());
    ProgressSink progress = new ProgressSink(Progress.Direction.PUT, expectedSize, totalSegments);
    Mono<FileRef> result = Mono.defer(() -> doPut(data, name, progress));
    return progress.wrap(result);
  }

  private Mono<FileRef> doPut(Flux<ByteBuffer> data, String name, ProgressSink progress) {
    byte[] recordName = new byte[32];
    random.nextBytes(recordName);
    FileId id = Records.fileId(signer.publicKey(), recordName);
    byte[] fid = id.bytes();
    CesPipeline pipeline;
    try (SymmetricKey key = keys.requestFileKey(fid)) {
      pipeline = CesPipeline.create(config.ces(), key);
    }
    Segmenter segmenter = new Segmenter(config.ces().segmentSize());
    int rootBudget = rootBudget(name);
    ManifestTableBuilder table = new ManifestTableBuilder(n * Manifest.ID, config.manifestPageSize(), rootBudget);
    return data
        .concatMapIterable(segmenter::feed, 1)
        .concatWith(Mono.fromCallable(segmenter::finish))
        .flatMapSequential(seg -> encodeAndPlace(pipeline, fid, seg), config.segmentsInFlight(), 1)
        .concatMap(placed -> {
          progress.advance(placed.plainLength());
          List<byte[]> pages = table.add(placed.entry());
          return Flux.fromIterable(pages).concatMap(access::storePage).then();
        }, 1)
        .then(Mono.defer(() -> {
          ManifestTableBuilder.Table t = table.finish();
          byte[] meta;
          try (SymmetricKey key = keys.requestFileKey(fid)) {
            meta = new FileMeta(segmenter.length(), segmenter.sha256(), name).seal(key, fid);
          }
          Manifest m = new Manifest(fid, config.ces(), pipeline.shardSize(), segmenter.segments(),
              Manifest.KEY_SCHEME_KMS_FILE_ID, meta, t.level(), t.entries());
          long now = clock.millis();
          ValueRecord record = Records.sign(signer, recordName, now, now + config.recordTtl().toMillis(), m.encode());
          return Flux.fromIterable(t.pagesToStore())
              .concatMap(access::storePage)
              // The manifest is the file: retry a put that no node acknowledged (busy or
              // rate-limited peers), a few times with backoff.
              .then(network.putRecord(record).timeout(config.operationTimeout())
                  .retryWhen(Retry.backoff(3, Duration.ofMillis(250))
                      .filter(e -> e instanceof NodeUnavailableException || e instanceof java.util.concurrent.TimeoutException)
                      .onRetryExhaustedThrow((spec, sig) -> sig.failure())))
              // Remembered only once published: the refresher then keeps it alive. If this write
              // fails the put fails too, since nothing would re-put the manifest before it expires.
              .then(owned == null ? Mono.empty() : owned.remember(new OwnedManifests.Entry(record, true)))
              .thenReturn(new FileRef(id, segmenter.length(), segmenter.segments()));
        }))
        .doFinally(sig -> pipeline.close());
  }

  private int rootBudget(String name) {
    int metaLen = 24 + 1 + 8 + 32 + 2 + name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 16;
    int budget = Math.min(config.manifestPageSize(), ValueRecord.MAX_VALUE) - Manifest.headerSize(metaLen);
    return budget;
  }

  private record Placed(long index, int plainLength, byte[] entry) {}

  private Mono<Placed> encodeAndPlace(CesPipeline pipeline, byte[] fid, Segment seg) {
    return Mono.fromCallable(() -> {
          byte[][] shards = pipeline.process(seg.data(), fid, seg.index());
          ContentId[] ids = new ContentId[shards.length];
          for (int i = 0; i < shards.length; i++) {
            ids[i] = ContentId.ofContent(shards[i]);
          }
          return new Encoded(shards, ids);
        })
        .subscribeOn(cpu)
        .flatMap(enc -> {
          Set<NodeId> used = ConcurrentHashMap.newKeySet();
          return Flux.range(0, n)
              .flatMap(i -> access.placeShard(enc.ids[i], enc.shards[i], used, seg.index(), i), n)
              .then(Mono.fromSupplier(() -> {
                byte[] entry = new byte[n * Manifest.ID];
                for (int i = 0; i < n; i++) {
                  System.arraycopy(enc.ids[i].bytes(), 0, entry, i * Manifest.ID, Manifest.ID);
                }
                return new Placed(seg.index(), seg.data().length, entry);
              }));
        });
  }

  private record Encoded(byte[][] shards, ContentId[] ids) {}

  // ---------------------------------------------------------------- get

  @Override
  public Flux<ByteBuffer> get(FileId id) {
    return getTracked(id).result();
  }

  @Override
  public Mono<FileInfo> info(FileId id) {
    Objects.requireNonNull(id, "id");
    return access.manifest(id).map(m -> {
      FileMeta meta = openMeta(m);
      return new FileInfo(id, meta.name(), meta.length(), meta.sha256(), m.segmentCount(),
          m.ces().dataShards(), m.ces().totalShards());
    });
  }

  private FileMeta openMeta(Manifest m) {
    try (SymmetricKey key = keys.requestFileKey(m.fileId())) {
      return FileMeta.open(m.encryptedMeta(), key, m.fileId());
    }
  }

  @Override
  public Transfer<Flux<ByteBuffer>> getTracked(FileId id) {
    Objects.requireNonNull(id, "id");
    ProgressSink progress = new ProgressSink(Progress.Direction.GET, -1, -1);
    Flux<ByteBuffer> result = access.manifest(id).flatMapMany(m -> {
      FileMeta meta = openMeta(m);
      progress.totals(meta.length(), m.segmentCount());
      CesPipeline pipeline;
      try (SymmetricKey key = keys.requestFileKey(m.fileId())) {
        pipeline = CesPipeline.create(m.ces(), key);
      }
      MessageDigest sha = Sha256.newDigest();
      AtomicLong length = new AtomicLong();
      return access.segmentEntries(m)
          .index()
          .flatMapSequential(t -> fetchSegment(m, pipeline, t.getT1(), t.getT2()), config.segmentsInFlight(), 1)
          .onErrorResume(SegmentUnavailable.class, e -> diagnose(m, e.segment).flatMapMany(Flux::error))
          .filter(bytes -> bytes.length > 0)
          .map(bytes -> {
            sha.update(bytes);
            length.addAndGet(bytes.length);
            progress.advance(bytes.length);
            return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
          })
          .concatWith(Mono.defer(() -> {
            if (length.get() != meta.length() || !MessageDigest.isEqual(sha.digest(), meta.sha256())) {
              return Mono.error(new DecryptionException());
            }
            return Mono.empty();
          }))
          .doFinally(s -> pipeline.close());
    });
    return progress.wrap(result);
  }

  private static int n(Manifest m) {
    return m.ces().totalShards();
  }

  /** Signals that one segment could not be rebuilt (turned into a {@link ShardsUnavailableException}). */
  private static final class SegmentUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final long segment;

    SegmentUnavailable(long segment) {
      super("segment " + segment + " unavailable", null, false, false);
      this.segment = segment;
    }
  }

  /**
   * Fetches any k shards of a segment in parallel (starting with the data shards, which need no
   * decoding), asking for another shard only when one fails, then rebuilds and decrypts it.
   */
  private Mono<byte[]> fetchSegment(Manifest m, CesPipeline pipeline, long index, byte[] entry) {
    int segN = n(m);
    int segK = m.ces().dataShards();
    return Flux.range(0, segN)
        .flatMap(i -> access.fetchVerified(ShardAccess.shardId(entry, i)).map(b -> new Fetched(i, b)), segK, 1)
        .take(segK)
        .collectList()
        .flatMap(got -> {
          if (got.size() < segK) {
            return Mono.error(new SegmentUnavailable(index));
          }
          return Mono.fromCallable(() -> {
            byte[][] shards = new byte[segN][];
            boolean[] present = new boolean[segN];
            for (Fetched f : got) {
              shards[f.index] = f.bytes;
              present[f.index] = true;
            }
            return pipeline.reconstruct(shards, present, m.fileId(), index);
          }).subscribeOn(cpu);
        });
  }

  private record Fetched(int index, byte[] bytes) {}


  /** Builds the error for a file whose segment {@code first} cannot be rebuilt, naming every such segment. */
  private Mono<ShardsUnavailableException> diagnose(Manifest m, long first) {
    int segK = m.ces().dataShards();
    return access.segmentEntries(m)
        .index()
        .skip(first)
        .take(MAX_DIAGNOSED_SEGMENTS)
        .concatMap(t -> Flux.range(0, n(m))
            .flatMap(i -> probe(ShardAccess.shardId(t.getT2(), i)), 4)
            .filter(Boolean::booleanValue)
            .count()
            .map(c -> c < segK ? t.getT1() : -1L), 4)
        .filter(s -> s >= 0)
        .collectList()
        .onErrorReturn(List.of(first))
        .map(list -> {
          List<Long> segs = new ArrayList<>(list);
          if (segs.isEmpty() || segs.get(0) != first) {
            segs.add(0, first);
          }
          return new ShardsUnavailableException(FileId.of(m.fileId()), segs, segK, n(m),
              m.segmentCount() - first > MAX_DIAGNOSED_SEGMENTS);
        });
  }

  private Mono<Boolean> probe(ContentId id) {
    return access.fetchVerified(id).map(b -> true).defaultIfEmpty(false);
  }

  @Override
  public void close() {
    if (ownsCpu) {
      cpu.dispose();
    }
  }

  @Override
  public String toString() {
    return "DefaultFileService[" + network.self() + ", " + config + "]";
  }

  // ---------------------------------------------------------------- progress

  private static final class ProgressSink {
    private final Progress.Direction direction;
    private final Sinks.Many<Progress> sink = Sinks.many().replay().latest();
    private volatile long totalBytes;
    private volatile long totalSegments;
    private long bytes;
    private long segments;

    ProgressSink(Progress.Direction direction, long totalBytes, long totalSegments) {
      this.direction = direction;
      this.totalBytes = totalBytes;
      this.totalSegments = totalSegments;
    }

    void totals(long bytes, long segments) {
      this.totalBytes = bytes;
      this.totalSegments = segments;
      emit();
    }

    synchronized void advance(long segmentBytes) {
      bytes += segmentBytes;
      segments++;
      emit();
    }

    // Emissions are serialized by the monitor; a terminated sink (a second run of the same
    // transfer) just ignores further signals.
    private synchronized void emit() {
      sink.tryEmitNext(new Progress(direction, bytes, totalBytes, segments, totalSegments));
    }

    <P extends Publisher<?>> Transfer<P> wrap(P publisher) {
      Publisher<?> p;
      if (publisher instanceof Mono<?> mono) {
        p = mono.doOnSuccess(v -> complete()).doOnError(this::fail);
      } else {
        p = Flux.from(publisher).doOnComplete(this::complete).doOnError(this::fail);
      }
      @SuppressWarnings("unchecked")
      P result = (P) p;
      Flux<Progress> flux = sink.asFlux();
      return new Transfer<>() {
        @Override
        public P result() {
          return result;
        }

        @Override
        public Flux<Progress> progress() {
          return flux;
        }
      };
    }

    private synchronized void complete() {
      sink.tryEmitComplete();
    }

    private synchronized void fail(Throwable e) {
      sink.tryEmitError(e);
    }
  }

  // ---------------------------------------------------------------- builder

  /** Builds a {@link DefaultFileService}; network, key service and signer are required. */
  public static final class Builder {
    private ShardNetwork network;
    private KeyService keys;
    private Ed25519PrivateKey signer;
    private FileServiceConfig config = FileServiceConfig.defaults();
    private Scheduler cpu;
    private Clock clock = Clock.systemUTC();
    private Scheduler io;
    private OwnedManifests owned;

    private Builder() {}

    /**
     * Where the manifests this service publishes are remembered, for the {@link ManifestRefresher}
     * to keep alive. Without it manifests expire after {@link FileServiceConfig#recordTtl()}.
     */
    public Builder ownedManifests(OwnedManifests owned) {
      this.owned = Objects.requireNonNull(owned, "owned");
      return this;
    }

    /** Where files are read for {@code put(Path)} (borrowed); default: Reactor's bounded elastic. */
    public Builder ioScheduler(Scheduler io) {
      this.io = Objects.requireNonNull(io, "io");
      return this;
    }

    public Builder network(ShardNetwork network) {
      this.network = Objects.requireNonNull(network, "network");
      return this;
    }

    public Builder keyService(KeyService keys) {
      this.keys = Objects.requireNonNull(keys, "keyService");
      return this;
    }

    /** The node's identity key, which signs manifest records (borrowed: not closed by the service). */
    public Builder signer(Ed25519PrivateKey signer) {
      this.signer = Objects.requireNonNull(signer, "signer");
      return this;
    }

    public Builder config(FileServiceConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * A bounded scheduler for CES work (borrowed: not disposed by the service). Without one the
     * service creates a parallel scheduler of one thread per core and disposes it on close.
     */
    public Builder cpuScheduler(Scheduler cpu) {
      this.cpu = Objects.requireNonNull(cpu, "cpu");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public DefaultFileService build() {
      return new DefaultFileService(this);
    }
  }
}
