package io.veilnet.engine.node;

import io.veilnet.kademlia.NodeId;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A peer a node knows, as {@code /peers} shows it.
 *
 * @param id the peer's node id
 * @param addresses the endpoints its signed record advertises
 * @param source how it was found (a peer found both ways is reported once per source)
 * @param lastSeen when the source last reported it
 */
public record PeerInfo(NodeId id, List<InetSocketAddress> addresses, PeerSource source, Instant lastSeen) {
  public PeerInfo {
    Objects.requireNonNull(id, "id");
    addresses = List.copyOf(addresses);
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(lastSeen, "lastSeen");
  }
}
