package io.veilnet.engine.node;

import io.veilnet.kademlia.NodeRecord;
import java.util.Objects;

/**
 * How a node reaches a destination: its signed record and how it was found.
 *
 * @param record the destination's signed node record
 * @param via {@link Via#KNOWN_PEER} if it was already known (routing table or mDNS), {@link
 *     Via#DHT_LOOKUP} if a lookup found it
 * @param lookupRounds rounds of the lookup, 0 for a known peer
 */
public record Route(NodeRecord record, Via via, int lookupRounds) {
  /** How the route was found. */
  public enum Via { KNOWN_PEER, DHT_LOOKUP }

  public Route {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(via, "via");
  }
}
