package io.veilnet.kademlia;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A bounded, thread-safe in-memory {@link RecordStore}. */
public final class InMemoryRecordStore implements RecordStore {
  private final int maxValues;
  private final int maxProvidersPerKey;
  private final int maxProviderKeys;
  private final Map<NodeId, ValueRecord> values = new ConcurrentHashMap<>();
  private final Map<NodeId, LinkedHashMap<NodeId, Provider>> providers = new ConcurrentHashMap<>();

  private record Provider(NodeRecord record, long expiresAtMillis) {}

  public InMemoryRecordStore() {
    this(100_000, 64, 100_000);
  }

  public InMemoryRecordStore(int maxValues, int maxProvidersPerKey, int maxProviderKeys) {
    if (maxValues < 1 || maxProvidersPerKey < 1 || maxProviderKeys < 1) {
      throw new IllegalArgumentException("store limits must be >= 1");
    }
    this.maxValues = maxValues;
    this.maxProvidersPerKey = maxProvidersPerKey;
    this.maxProviderKeys = maxProviderKeys;
  }

  @Override
  public Optional<ValueRecord> value(NodeId key, long nowMillis) {
    ValueRecord v = values.get(key);
    if (v == null || v.expiresAtMillis() <= nowMillis) {
      return Optional.empty();
    }
    return Optional.of(v);
  }

  @Override
  public synchronized PutOutcome putValue(ValueRecord record) {
    ValueRecord old = values.get(record.key());
    if (old != null && old.seq() >= record.seq()) {
      return PutOutcome.OUTDATED;
    }
    if (old == null && values.size() >= maxValues) {
      return PutOutcome.FULL;
    }
    values.put(record.key(), record);
    return PutOutcome.STORED;
  }

  @Override
  public synchronized boolean addProvider(NodeId key, NodeRecord provider, long expiresAtMillis) {
    LinkedHashMap<NodeId, Provider> m = providers.get(key);
    if (m == null) {
      if (providers.size() >= maxProviderKeys) {
        return false;
      }
      m = new LinkedHashMap<>();
      providers.put(key, m);
    }
    m.remove(provider.nodeId());
    if (m.size() >= maxProvidersPerKey) {
      Iterator<NodeId> it = m.keySet().iterator();
      it.next();
      it.remove();
    }
    m.put(provider.nodeId(), new Provider(provider, expiresAtMillis));
    return true;
  }

  @Override
  public synchronized List<NodeRecord> providers(NodeId key, long nowMillis, int limit) {
    LinkedHashMap<NodeId, Provider> m = providers.get(key);
    if (m == null) {
      return List.of();
    }
    List<NodeRecord> out = new ArrayList<>();
    List<Provider> all = new ArrayList<>(m.values());
    for (int i = all.size() - 1; i >= 0 && out.size() < limit; i--) {
      if (all.get(i).expiresAtMillis() > nowMillis) {
        out.add(all.get(i).record());
      }
    }
    return out;
  }

  @Override
  public synchronized int expire(long nowMillis) {
    int n = 0;
    for (Iterator<ValueRecord> it = values.values().iterator(); it.hasNext(); ) {
      if (it.next().expiresAtMillis() <= nowMillis) {
        it.remove();
        n++;
      }
    }
    for (Iterator<LinkedHashMap<NodeId, Provider>> it = providers.values().iterator(); it.hasNext(); ) {
      LinkedHashMap<NodeId, Provider> m = it.next();
      int before = m.size();
      m.values().removeIf(p -> p.expiresAtMillis() <= nowMillis);
      n += before - m.size();
      if (m.isEmpty()) {
        it.remove();
      }
    }
    return n;
  }

  @Override
  public int valueCount() {
    return values.size();
  }

  @Override
  public synchronized int providerCount() {
    int n = 0;
    for (LinkedHashMap<NodeId, Provider> m : providers.values()) {
      n += m.size();
    }
    return n;
  }
}
