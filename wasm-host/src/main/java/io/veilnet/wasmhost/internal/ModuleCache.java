package io.veilnet.wasmhost.internal;

import io.veilnet.wasmhost.ModuleId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/** A bounded LRU of admitted modules by content id; evicted entries are handed to {@code onEvict}. */
final class ModuleCache<M> {
  private final int capacity;
  private final Consumer<M> onEvict;
  private final LinkedHashMap<ModuleId, M> map = new LinkedHashMap<>(16, 0.75f, true);

  ModuleCache(int capacity, Consumer<M> onEvict) {
    this.capacity = capacity;
    this.onEvict = onEvict;
  }

  /** Returns the cached module or admits it with {@code admit} (outside the lock). */
  M get(ModuleId id, Function<ModuleId, M> admit) {
    synchronized (map) {
      M m = map.get(id);
      if (m != null) {
        return m;
      }
    }
    M fresh = admit.apply(id);
    M evicted = null;
    M result;
    synchronized (map) {
      M raced = map.get(id);
      if (raced != null) {
        evicted = fresh;
        result = raced;
      } else {
        map.put(id, fresh);
        result = fresh;
        if (map.size() > capacity) {
          Map.Entry<ModuleId, M> eldest = map.entrySet().iterator().next();
          map.remove(eldest.getKey());
          evicted = eldest.getValue();
        }
      }
    }
    if (evicted != null) {
      onEvict.accept(evicted);
    }
    return result;
  }

  void clear() {
    java.util.List<M> all;
    synchronized (map) {
      all = new java.util.ArrayList<>(map.values());
      map.clear();
    }
    all.forEach(onEvict);
  }

  int size() {
    synchronized (map) {
      return map.size();
    }
  }
}
