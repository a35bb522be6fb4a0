package io.veilnet.mdns;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of discovery counters.
 *
 * @param accepted announcements that verified and changed the peer set (ADDED or UPDATED events)
 * @param removed peers removed (REMOVED events)
 * @param drops ignored announcements and events by reason (every reason present, zero if none)
 */
public record DiscoveryMetrics(long accepted, long removed, Map<DropReason, Long> drops) {

  public DiscoveryMetrics {
    Objects.requireNonNull(drops, "drops");
    EnumMap<DropReason, Long> all = new EnumMap<>(DropReason.class);
    for (DropReason r : DropReason.values()) {
      all.put(r, drops.getOrDefault(r, 0L));
    }
    drops = Collections.unmodifiableMap(all);
  }

  /** How many were dropped for {@code reason}. */
  public long dropped(DropReason reason) {
    return drops.get(Objects.requireNonNull(reason, "reason"));
  }

  /** Total drops over all reasons. */
  public long droppedTotal() {
    return drops.values().stream().mapToLong(Long::longValue).sum();
  }
}
