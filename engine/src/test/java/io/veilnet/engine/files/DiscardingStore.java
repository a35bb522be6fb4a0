package io.veilnet.engine.files;

import io.veilnet.engine.store.InMemoryNodeStore;
import io.veilnet.engine.store.NodeStore;
import io.veilnet.engine.store.ProviderEntry;
import java.util.List;
import java.util.Optional;

/** Keeps records and providers but drops shard bytes (for put-side streaming tests). */
final class DiscardingStore implements NodeStore {
  private final InMemoryNodeStore meta = new InMemoryNodeStore();

  @Override
  public void putShard(byte[] id, byte[] shard) {}

  @Override
  public Optional<byte[]> getShard(byte[] id) {
    return Optional.empty();
  }

  @Override
  public boolean hasShard(byte[] id) {
    return false;
  }

  @Override
  public boolean deleteShard(byte[] id) {
    return false;
  }

  @Override
  public List<byte[]> shardIds() {
    return List.of();
  }

  @Override
  public void putRecord(byte[] key, byte[] encodedRecord) {
    meta.putRecord(key, encodedRecord);
  }

  @Override
  public Optional<byte[]> getRecord(byte[] key) {
    return meta.getRecord(key);
  }

  @Override
  public List<byte[]> recordKeys() {
    return meta.recordKeys();
  }

  @Override
  public boolean deleteRecord(byte[] key) {
    return meta.deleteRecord(key);
  }

  @Override
  public List<ProviderEntry> allProviders() {
    return List.of();
  }

  @Override
  public boolean deleteProvider(byte[] contentId, byte[] providerId) {
    return false;
  }

  @Override
  public void addProvider(ProviderEntry entry) {}

  @Override
  public List<ProviderEntry> providers(byte[] contentId, long nowMillis) {
    return List.of();
  }

  @Override
  public void putOwnedManifest(byte[] fileId, byte[] entry) {
    meta.putOwnedManifest(fileId, entry);
  }

  @Override
  public Optional<byte[]> getOwnedManifest(byte[] fileId) {
    return meta.getOwnedManifest(fileId);
  }

  @Override
  public List<byte[]> ownedManifestIds() {
    return meta.ownedManifestIds();
  }

  @Override
  public boolean deleteOwnedManifest(byte[] fileId) {
    return meta.deleteOwnedManifest(fileId);
  }

  @Override
  public void saveRoutingTable(byte[] snapshot) {}

  @Override
  public Optional<byte[]> loadRoutingTable() {
    return Optional.empty();
  }

  @Override
  public void forEachEntry(EntryVisitor visitor) {}

  @Override
  public void close() {}
}
