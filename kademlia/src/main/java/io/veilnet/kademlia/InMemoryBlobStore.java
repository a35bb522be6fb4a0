package io.veilnet.kademlia;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A thread-safe in-memory {@link BlobStore}. */
public final class InMemoryBlobStore implements BlobStore {
  private final ConcurrentHashMap<NodeId, byte[]> blobs = new ConcurrentHashMap<>();

  @Override
  public Optional<byte[]> get(NodeId id) {
    byte[] b = blobs.get(id);
    return b == null ? Optional.empty() : Optional.of(b.clone());
  }

  @Override
  public boolean has(NodeId id) {
    return blobs.containsKey(id);
  }

  @Override
  public void put(NodeId id, byte[] blob) {
    blobs.put(id, blob.clone());
  }

  public int size() {
    return blobs.size();
  }
}
