package io.veilnet.kademlia;

import java.util.List;

/** The closest responsive peers a lookup found, nearest first, and its trace. */
public record LookupResult(List<NodeRecord> closest, LookupTrace trace) {
  public LookupResult {
    closest = List.copyOf(closest);
  }
}
