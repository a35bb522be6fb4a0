package io.veilnet.engine.store;

import io.veilnet.kademlia.BlobStore;
import io.veilnet.kademlia.NodeId;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The Kademlia blob channel's {@link BlobStore} over a {@link NodeStore}: blobs (shards and
 * manifest pages) received over TCP land in the node's durable store before the sender gets its
 * acknowledgement. {@code onStored} hears of every stored blob (the node announces itself as a
 * provider from there). Called on event loops: a synced RocksDB write costs about one fsync.
 */
public final class NodeBlobStore implements BlobStore {
  private final NodeStore store;
  private final Consumer<byte[]> onStored;

  public NodeBlobStore(NodeStore store, Consumer<byte[]> onStored) {
    this.store = Objects.requireNonNull(store, "store");
    this.onStored = Objects.requireNonNull(onStored, "onStored");
  }

  @Override
  public Optional<byte[]> get(NodeId id) {
    return store.getShard(id.toBytes());
  }

  @Override
  public boolean has(NodeId id) {
    return store.hasShard(id.toBytes());
  }

  @Override
  public void put(NodeId id, byte[] blob) {
    byte[] key = id.toBytes();
    store.putShard(key, blob);
    onStored.accept(key);
  }
}
