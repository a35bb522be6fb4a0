package io.veilnet.engine.store;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** A {@link NodeStore} in memory, for tests and simulations. Thread-safe; nothing survives it. */
public final class InMemoryNodeStore implements NodeStore {
  private final Map<ByteBuffer, byte[]> shards = new ConcurrentHashMap<>();
  private final Map<ByteBuffer, byte[]> records = new ConcurrentHashMap<>();
  private final Map<ByteBuffer, byte[]> owned = new ConcurrentHashMap<>();
  private final Map<ByteBuffer, Map<ByteBuffer, ProviderEntry>> providers = new ConcurrentHashMap<>();
  private volatile byte[] routing;
  private volatile boolean closed;

  private static ByteBuffer key(byte[] id) {
    Objects.requireNonNull(id, "id");
    return ByteBuffer.wrap(id.clone());
  }

  private void checkOpen() {
    if (closed) {
      throw new StoreException("store is closed");
    }
  }

  @Override
  public void putShard(byte[] id, byte[] shard) {
    checkOpen();
    shards.put(key(id), Objects.requireNonNull(shard, "shard").clone());
  }

  @Override
  public Optional<byte[]> getShard(byte[] id) {
    checkOpen();
    byte[] b = shards.get(key(id));
    return b == null ? Optional.empty() : Optional.of(b.clone());
  }

  @Override
  public boolean hasShard(byte[] id) {
    checkOpen();
    return shards.containsKey(key(id));
  }

  @Override
  public boolean deleteShard(byte[] id) {
    checkOpen();
    return shards.remove(key(id)) != null;
  }

  @Override
  public List<byte[]> shardIds() {
    checkOpen();
    List<byte[]> ids = new ArrayList<>();
    shards.keySet().forEach(k -> ids.add(k.array().clone()));
    return ids;
  }

  @Override
  public void putRecord(byte[] key, byte[] encodedRecord) {
    checkOpen();
    records.put(key(key), Objects.requireNonNull(encodedRecord, "encodedRecord").clone());
  }

  @Override
  public Optional<byte[]> getRecord(byte[] key) {
    checkOpen();
    byte[] b = records.get(key(key));
    return b == null ? Optional.empty() : Optional.of(b.clone());
  }

  @Override
  public List<byte[]> recordKeys() {
    checkOpen();
    List<byte[]> keys = new ArrayList<>();
    records.keySet().forEach(k -> keys.add(k.array().clone()));
    return keys;
  }

  @Override
  public boolean deleteRecord(byte[] key) {
    checkOpen();
    return records.remove(key(key)) != null;
  }

  @Override
  public List<ProviderEntry> allProviders() {
    checkOpen();
    List<ProviderEntry> out = new ArrayList<>();
    providers.values().forEach(m -> out.addAll(m.values()));
    return out;
  }

  @Override
  public boolean deleteProvider(byte[] contentId, byte[] providerId) {
    checkOpen();
    Map<ByteBuffer, ProviderEntry> m = providers.get(key(contentId));
    return m != null && m.remove(key(providerId)) != null;
  }

  @Override
  public void addProvider(ProviderEntry entry) {
    checkOpen();
    Objects.requireNonNull(entry, "entry");
    providers
        .computeIfAbsent(key(entry.contentId()), k -> new ConcurrentSkipListMap<>())
        .put(key(entry.providerId()), entry);
  }

  @Override
  public List<ProviderEntry> providers(byte[] contentId, long nowMillis) {
    checkOpen();
    Map<ByteBuffer, ProviderEntry> m = providers.get(key(contentId));
    List<ProviderEntry> out = new ArrayList<>();
    if (m != null) {
      for (ProviderEntry e : m.values()) {
        if (e.expiresAtMillis() > nowMillis) {
          out.add(e);
        }
      }
    }
    return out;
  }

  @Override
  public void putOwnedManifest(byte[] fileId, byte[] entry) {
    checkOpen();
    owned.put(key(fileId), Objects.requireNonNull(entry, "entry").clone());
  }

  @Override
  public Optional<byte[]> getOwnedManifest(byte[] fileId) {
    checkOpen();
    byte[] b = owned.get(key(fileId));
    return b == null ? Optional.empty() : Optional.of(b.clone());
  }

  @Override
  public List<byte[]> ownedManifestIds() {
    checkOpen();
    List<byte[]> ids = new ArrayList<>();
    owned.keySet().forEach(k -> ids.add(k.array().clone()));
    return ids;
  }

  @Override
  public boolean deleteOwnedManifest(byte[] fileId) {
    checkOpen();
    return owned.remove(key(fileId)) != null;
  }

  @Override
  public void saveRoutingTable(byte[] snapshot) {
    checkOpen();
    routing = Objects.requireNonNull(snapshot, "snapshot").clone();
  }

  @Override
  public Optional<byte[]> loadRoutingTable() {
    checkOpen();
    byte[] r = routing;
    return r == null ? Optional.empty() : Optional.of(r.clone());
  }

  @Override
  public void forEachEntry(EntryVisitor visitor) {
    checkOpen();
    shards.forEach((k, v) -> visitor.visit("shard", k.array().clone(), v.clone()));
    records.forEach((k, v) -> visitor.visit("record", k.array().clone(), v.clone()));
    providers.forEach((c, m) -> m.forEach((p, e) -> visitor.visit("provider", c.array().clone(), p.array().clone())));
    owned.forEach((k, v) -> visitor.visit("owned", k.array().clone(), v.clone()));
    byte[] r = routing;
    if (r != null) {
      visitor.visit("routing", new byte[0], r.clone());
    }
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "InMemoryNodeStore[shards=" + shards.size() + ", records=" + records.size() + "]";
  }
}
