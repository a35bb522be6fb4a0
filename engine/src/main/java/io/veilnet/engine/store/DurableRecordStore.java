package io.veilnet.engine.store;

import io.veilnet.kademlia.InMemoryRecordStore;
import io.veilnet.kademlia.NodeId;
import io.veilnet.kademlia.NodeRecord;
import io.veilnet.kademlia.RecordStore;
import io.veilnet.kademlia.ValueRecord;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kademlia node's {@link RecordStore} made durable: an in-memory index (what the protocol
 * thread reads) in front of a {@link NodeStore} that every accepted value and provider record is
 * written through to. {@link #open} reloads the unexpired records after a restart.
 *
 * <p>Writes happen on the caller's (protocol) thread: values with a synced write-ahead log (one
 * fsync per accepted STORE), provider records logged without fsync (see {@link RocksNodeStore}).
 * Expired entries leave the index at once and the disk on {@link #compact(long)}, which scans the
 * store and so belongs on a bounded-elastic scheduler, not the protocol thread.
 */
public final class DurableRecordStore implements RecordStore {
  private static final Logger log = LoggerFactory.getLogger(DurableRecordStore.class);
  private final InMemoryRecordStore index;
  private final NodeStore store;

  private DurableRecordStore(InMemoryRecordStore index, NodeStore store) {
    this.index = index;
    this.store = store;
  }

  /** Loads the unexpired records of {@code store} into a fresh index. Blocking. */
  public static DurableRecordStore open(NodeStore store, long nowMillis) {
    Objects.requireNonNull(store, "store");
    InMemoryRecordStore index = new InMemoryRecordStore();
    int values = 0;
    int providers = 0;
    for (byte[] key : store.recordKeys()) {
      Optional<byte[]> bytes = store.getRecord(key);
      if (bytes.isEmpty()) {
        continue;
      }
      try {
        ValueRecord r = ValueRecord.decode(bytes.get());
        if (r.expiresAtMillis() > nowMillis && java.util.Arrays.equals(r.key().toBytes(), key)) {
          index.putValue(r);
          values++;
        }
      } catch (RuntimeException e) {
        log.warn("skipping an unreadable record in the store: {}", e.toString());
      }
    }
    for (ProviderEntry e : store.allProviders()) {
      if (e.expiresAtMillis() <= nowMillis || e.providerRecord().length == 0) {
        continue;
      }
      try {
        index.addProvider(NodeId.of(e.contentId()), NodeRecord.decode(e.providerRecord()), e.expiresAtMillis());
        providers++;
      } catch (RuntimeException ex) {
        log.warn("skipping an unreadable provider record in the store: {}", ex.toString());
      }
    }
    log.debug("loaded {} value records and {} provider records", values, providers);
    return new DurableRecordStore(index, store);
  }

  @Override
  public Optional<ValueRecord> value(NodeId key, long nowMillis) {
    return index.value(key, nowMillis);
  }

  @Override
  public PutOutcome putValue(ValueRecord record) {
    PutOutcome o = index.putValue(record);
    if (o == PutOutcome.STORED) {
      store.putRecord(record.key().toBytes(), record.encode());
    }
    return o;
  }

  @Override
  public boolean addProvider(NodeId key, NodeRecord provider, long expiresAtMillis) {
    boolean added = index.addProvider(key, provider, expiresAtMillis);
    if (added) {
      store.addProvider(new ProviderEntry(key.toBytes(), provider.nodeId().toBytes(), expiresAtMillis, provider.encode()));
    }
    return added;
  }

  @Override
  public List<NodeRecord> providers(NodeId key, long nowMillis, int limit) {
    return index.providers(key, nowMillis, limit);
  }

  @Override
  public int expire(long nowMillis) {
    return index.expire(nowMillis);
  }

  /** Removes expired records from the durable store. Blocking; returns how many went. */
  public int compact(long nowMillis) {
    int removed = 0;
    for (byte[] key : store.recordKeys()) {
      boolean expired = store.getRecord(key).map(b -> {
        try {
          return ValueRecord.decode(b).expiresAtMillis() <= nowMillis;
        } catch (RuntimeException e) {
          return false; // not ours to judge
        }
      }).orElse(false);
      if (expired && store.deleteRecord(key)) {
        removed++;
      }
    }
    for (ProviderEntry e : store.allProviders()) {
      if (e.expiresAtMillis() <= nowMillis && store.deleteProvider(e.contentId(), e.providerId())) {
        removed++;
      }
    }
    return removed;
  }

  @Override
  public int valueCount() {
    return index.valueCount();
  }

  @Override
  public int providerCount() {
    return index.providerCount();
  }
}
