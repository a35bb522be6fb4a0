package io.veilnet.engine.internal;

import io.veilnet.kademlia.BlobStore;
import io.veilnet.kademlia.NodeId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node's in-memory shard store, with its size in blobs and bytes for {@code /metrics}. (The
 * durable RocksDB store arrives with the file service.)
 */
public final class MeteredBlobStore implements BlobStore {
  private final Map<NodeId, byte[]> blobs = new ConcurrentHashMap<>();
  private final AtomicLong bytes = new AtomicLong();

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
    byte[] copy = blob.clone();
    byte[] old = blobs.put(id, copy);
    bytes.addAndGet(copy.length - (old == null ? 0 : old.length));
  }

  public int count() {
    return blobs.size();
  }

  public long bytes() {
    return bytes.get();
  }
}
