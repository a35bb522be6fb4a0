package io.veilnet.engine.store;

import java.util.List;
import java.util.Optional;

/**
 * What one node keeps on its disk: shards (opaque ciphertext blocks keyed by their content id),
 * signed records (already-encoded bytes keyed by record key), provider records and a snapshot of
 * the routing table.
 *
 * <p>Every method is <b>blocking</b> (disk I/O): reactive callers run it on a bounded-elastic
 * scheduler, never on an event loop. A write that returns normally is durable: it survives a crash
 * of the process ({@code kill -9}) for the RocksDB store. Stores never interpret the bytes they
 * hold, so callers must hand them ciphertext only.
 *
 * <p>Thread-safe. {@link #close()} releases the store; later calls fail with {@link
 * StoreException}.
 */
public interface NodeStore extends AutoCloseable {

  /** Stores a shard under {@code id} (idempotent: storing the same id again replaces it). */
  void putShard(byte[] id, byte[] shard);

  Optional<byte[]> getShard(byte[] id);

  boolean hasShard(byte[] id);

  /** @return whether a shard was removed */
  boolean deleteShard(byte[] id);

  /** The ids of every stored shard (a snapshot; for repair and tests). */
  List<byte[]> shardIds();

  /** Stores an encoded record under {@code key}, replacing any previous one. */
  void putRecord(byte[] key, byte[] encodedRecord);

  Optional<byte[]> getRecord(byte[] key);

  /** The keys of every stored record (a snapshot). */
  List<byte[]> recordKeys();

  /** @return whether a record was removed */
  boolean deleteRecord(byte[] key);

  /** Adds or refreshes the announcement that {@code entry.providerId()} holds the content. */
  void addProvider(ProviderEntry entry);

  /** Provider records for {@code contentId} that have not expired at {@code nowMillis}. */
  List<ProviderEntry> providers(byte[] contentId, long nowMillis);

  /** Every stored provider record, expired or not (a snapshot; for loading and compaction). */
  List<ProviderEntry> allProviders();

  /** @return whether a provider record was removed */
  boolean deleteProvider(byte[] contentId, byte[] providerId);

  /**
   * Remembers a manifest this node published as owner, so that it can re-sign and re-put it before
   * it expires (an opaque entry owned by the file service: the latest signed record, no keys).
   * Replaces any previous entry for {@code fileId}.
   */
  void putOwnedManifest(byte[] fileId, byte[] entry);

  Optional<byte[]> getOwnedManifest(byte[] fileId);

  /** The file ids of every owned manifest (a snapshot). */
  List<byte[]> ownedManifestIds();

  /** @return whether an owned-manifest entry was removed */
  boolean deleteOwnedManifest(byte[] fileId);

  /** Replaces the persisted routing-table snapshot (an opaque encoding owned by the DHT). */
  void saveRoutingTable(byte[] snapshot);

  Optional<byte[]> loadRoutingTable();

  /**
   * Visits every stored key and value, raw, as they sit in the store (tests scan it for plaintext;
   * operators may use it to audit). Bounded by the store's contents.
   */
  void forEachEntry(EntryVisitor visitor);

  @Override
  void close();

  /** Receives one stored entry; {@code area} is "shard", "record", "provider", "owned" or "routing". */
  @FunctionalInterface
  interface EntryVisitor {
    void visit(String area, byte[] key, byte[] value);
  }
}
