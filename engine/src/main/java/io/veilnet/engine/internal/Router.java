package io.veilnet.engine.internal;

import io.veilnet.engine.node.NoRouteException;
import io.veilnet.engine.node.Route;
import io.veilnet.kademlia.LookupResult;
import io.veilnet.kademlia.NodeId;
import io.veilnet.kademlia.NodeRecord;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Seed 004's {@code route_with_dht}: a destination already known (routing table, mDNS) is used as
 * is; otherwise a DHT lookup of its id must return its record. Plain Java over two functions, so it
 * is testable without sockets.
 */
public final class Router {
  private final Function<NodeId, Mono<Optional<NodeRecord>>> known;
  private final Optional<Function<NodeId, Mono<LookupResult>>> lookup;

  /**
   * @param known the record of a known peer, or empty
   * @param lookup a DHT lookup, absent when the node has no DHT
   */
  public Router(Function<NodeId, Mono<Optional<NodeRecord>>> known,
      Optional<Function<NodeId, Mono<LookupResult>>> lookup) {
    this.known = Objects.requireNonNull(known, "known");
    this.lookup = Objects.requireNonNull(lookup, "lookup");
  }

  public Mono<Route> route(NodeId destination) {
    Objects.requireNonNull(destination, "destination");
    return known.apply(destination).flatMap(hit -> {
      if (hit.isPresent()) {
        return Mono.just(new Route(hit.get(), Route.Via.KNOWN_PEER, 0));
      }
      if (lookup.isEmpty()) {
        return Mono.error(new NoRouteException(
            "no route to " + destination.toHex() + ": not a known peer, and this node has no DHT"));
      }
      return lookup.get().apply(destination).flatMap(r -> {
        List<NodeRecord> closest = r.closest();
        for (NodeRecord c : closest) {
          if (c.nodeId().equals(destination)) {
            return Mono.just(new Route(c, Route.Via.DHT_LOOKUP, r.trace().rounds()));
          }
        }
        return Mono.error(new NoRouteException("no route to " + destination.toHex()
            + ": a DHT lookup (" + r.trace().rounds() + " rounds, " + closest.size()
            + " closest peers) did not find it"));
      });
    });
  }
}
