package io.veilnet.engine.cli.demo;

import io.veilnet.crypto.CesConfig;
import io.veilnet.crypto.CesPipeline;
import io.veilnet.crypto.KeyService;
import io.veilnet.crypto.SymmetricKey;
import io.veilnet.engine.RunningNode;
import io.veilnet.engine.internal.DefaultRunningNode;
import io.veilnet.engine.internal.NodeMetrics;
import io.veilnet.engine.node.Route;
import io.veilnet.kademlia.KademliaNode;
import io.veilnet.kademlia.LookupResult;
import io.veilnet.kademlia.NodeId;
import io.veilnet.kademlia.NodeRecord;
import io.veilnet.kademlia.ValueRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntConsumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Storage from what the DHT offers today, until the file service lands in main: each segment goes
 * through the CES pipeline (zstd, AEAD bound to file id and segment index, padding, Reed-Solomon);
 * each shard is placed on the closest node to its id (a DHT lookup) that holds no other shard of
 * that segment, over the encrypted TCP blob channel; a signed manifest (shard ids and holders) is a
 * DHT value record whose key is the file id. A get looks the manifest up, routes to each holder
 * (known peer first, then a DHT lookup), fetches shards in parallel and rebuilds every segment from
 * any k of them. The file key comes from the key service; the reader asks it for the same file id.
 */
final class ShardStorage implements DemoStorage {
  private static final byte[] MAGIC = "VNDEMO1".getBytes(StandardCharsets.US_ASCII);
  private static final Duration T = Duration.ofSeconds(20);
  private static final Duration FETCH = Duration.ofSeconds(4);
  private final CesConfig ces;
  private final KeyService keys;

  ShardStorage(CesConfig ces, KeyService keys) {
    this.ces = ces;
    this.keys = keys;
  }

  /** Largest file whose manifest fits one value record. */
  long maxFileBytes() {
    long perSegment = (long) ces.totalShards() * 64;
    long segments = (ValueRecord.MAX_VALUE - MAGIC.length - 16) / perSegment;
    return segments * ces.segmentSize();
  }

  @Override
  public String describe() {
    return ces.dataShards() + "-of-" + ces.totalShards() + " Reed-Solomon, "
        + (ces.segmentSize() >> 20) + " MiB segments, " + ces.algorithm();
  }

  @Override
  public int tolerates() {
    return ces.totalShards() - ces.dataShards();
  }

  @Override
  public int shardsPerSegment() {
    return ces.totalShards();
  }

  @Override
  public Stored put(RunningNode writer, byte[] data, IntConsumer progress) {
    KademliaNode dht = writer.dht().orElseThrow(() -> new IllegalStateException("the writer has no DHT"));
    NodeMetrics metrics = ((DefaultRunningNode) writer).nodeMetrics();
    byte[] name = new byte[16];
    new SecureRandom().nextBytes(name);
    byte[] fileId = ValueRecord.keyOf(dht.record().identityKey(), name).toBytes();
    int segments = Math.max(1, (int) ((data.length + (long) ces.segmentSize() - 1) / ces.segmentSize()));
    ByteBuffer manifest = ByteBuffer.allocate(MAGIC.length + 16 + segments * ces.totalShards() * 64);
    manifest.put(MAGIC).putLong(data.length).putInt(ces.segmentSize()).putInt(segments);
    int placed = 0;
    int lookups = 0;
    try (SymmetricKey key = keys.requestFileKey(fileId); CesPipeline pipeline = CesPipeline.create(ces, key)) {
      for (int s = 0; s < segments; s++) {
        int from = s * ces.segmentSize();
        byte[] segment = Arrays.copyOfRange(data, from, Math.min(data.length, from + ces.segmentSize()));
        byte[][] shards = pipeline.process(segment, fileId, s);
        Set<NodeId> used = new HashSet<>();
        for (byte[] shard : shards) {
          NodeId shardId = NodeId.of(sha256(shard));
          LookupResult closest = metrics.timed("find_node", dht.findNode(shardId)).block(T);
          lookups++;
          // a lookup under load can come back short: the routing table fills the candidate list up
          Map<NodeId, NodeRecord> byId = new LinkedHashMap<>();
          for (NodeRecord r : closest.closest()) {
            byId.put(r.nodeId(), r);
          }
          for (NodeRecord r : dht.routingTable().block(T)) {
            byId.putIfAbsent(r.nodeId(), r);
          }
          byId.put(dht.id(), dht.record());
          List<NodeRecord> candidates = new ArrayList<>(byId.values());
          candidates.sort((a, b) -> shardId.compareDistance(a.nodeId(), b.nodeId()));
          NodeRecord holder = candidates.stream().filter(c -> !used.contains(c.nodeId())).findFirst()
              .orElseThrow(() -> new IllegalStateException("fewer nodes than shards per segment"));
          if (holder.nodeId().equals(dht.id())) {
            ((DefaultRunningNode) writer).blobStore().put(shardId, shard);
          } else {
            metrics.timed("store_blob", dht.storeBlob(holder, shard)).block(T);
          }
          used.add(holder.nodeId());
          manifest.put(holder.nodeId().toBytes()).put(shardId.toBytes());
          progress.accept(++placed);
        }
      }
    }
    var put = metrics.timed("put", dht.put(name, manifest.array(), Duration.ofHours(1))).block(T);
    if (put.acks() < 1) {
      throw new IllegalStateException("no node accepted the manifest record");
    }
    // the name travels with the id so that the reader can check the record's key
    return new Stored(fileId, segments, placed, lookups + 1);
  }

  @Override
  public Retrieved get(RunningNode reader, Stored stored) {
    KademliaNode dht = reader.dht().orElseThrow(() -> new IllegalStateException("the reader has no DHT"));
    NodeMetrics metrics = ((DefaultRunningNode) reader).nodeMetrics();
    ValueRecord rec = metrics.timed("get", dht.get(NodeId.of(stored.fileId()))).block(T);
    if (rec == null) {
      throw new IllegalStateException("the manifest record was not found in the DHT");
    }
    ByteBuffer m = ByteBuffer.wrap(rec.value());
    byte[] magic = new byte[MAGIC.length];
    m.get(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new IllegalStateException("the record under the file id is not a demo manifest");
    }
    long length = m.getLong();
    int segmentSize = m.getInt();
    int segments = m.getInt();
    if (length < 0 || length > maxFileBytes() || segmentSize != ces.segmentSize() || segments != stored.segments()) {
      throw new IllegalStateException("the manifest does not match this configuration");
    }
    ByteBuffer out = ByteBuffer.allocate((int) length);
    int fetched = 0;
    int unreachable = 0;
    int n = ces.totalShards();
    Set<NodeId> failed = java.util.concurrent.ConcurrentHashMap.newKeySet(); // holders that did not answer
    java.util.concurrent.atomic.AtomicIntegerArray routes = new java.util.concurrent.atomic.AtomicIntegerArray(2);
    try (SymmetricKey key = keys.requestFileKey(stored.fileId()); CesPipeline pipeline = CesPipeline.create(ces, key)) {
      for (int s = 0; s < segments; s++) {
        NodeId[] holders = new NodeId[n];
        NodeId[] ids = new NodeId[n];
        for (int i = 0; i < n; i++) {
          byte[] h = new byte[32];
          byte[] id = new byte[32];
          m.get(h).get(id);
          holders[i] = NodeId.of(h);
          ids[i] = NodeId.of(id);
        }
        byte[][] shards = new byte[n][];
        List<Optional<byte[]>> got = Flux.range(0, n)
            .flatMapSequential(i -> fetch(reader, dht, metrics, holders[i], ids[i], failed, routes))
            .collectList().block(T);
        boolean[] present = new boolean[n];
        for (int i = 0; i < n; i++) {
          Optional<byte[]> g = got.get(i);
          if (g.isPresent() && Arrays.equals(sha256(g.get()), ids[i].toBytes())) {
            shards[i] = g.get();
            present[i] = true;
            fetched++;
          } else {
            unreachable++;
          }
        }
        byte[] segment = pipeline.reconstruct(shards, present, stored.fileId(), s);
        out.put(segment);
      }
    }
    if (out.hasRemaining()) {
      throw new IllegalStateException("the rebuilt file is shorter than the manifest says");
    }
    return new Retrieved(out.array(), fetched, unreachable, routes.get(0), routes.get(1));
  }

  private static Mono<Optional<byte[]>> fetch(RunningNode reader, KademliaNode dht, NodeMetrics metrics,
      NodeId holder, NodeId id, Set<NodeId> failed, java.util.concurrent.atomic.AtomicIntegerArray routes) {
    if (holder.equals(reader.id())) {
      return Mono.just(((DefaultRunningNode) reader).blobStore().get(id));
    }
    if (failed.contains(holder)) {
      return Mono.just(Optional.empty());
    }
    return reader.route(holder)
        .doOnNext(r -> routes.incrementAndGet(r.via() == Route.Via.KNOWN_PEER ? 0 : 1))
        .map(Route::record)
        .flatMap(r -> metrics.timed("fetch_blob", dht.fetchBlob(r, id)))
        .timeout(FETCH)
        .map(Optional::of)
        .onErrorResume(e -> {
          failed.add(holder);
          return Mono.just(Optional.empty());
        })
        .defaultIfEmpty(Optional.empty());
  }

  static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }
}
