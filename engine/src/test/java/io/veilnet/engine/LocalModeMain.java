package io.veilnet.engine;

import io.veilnet.engine.node.PeerSource;
import io.veilnet.engine.node.Route;
import io.veilnet.kademlia.KademliaResources;
import io.veilnet.kademlia.NodeRecord;
import io.veilnet.mdns.testing.PrivateNetwork;
import java.net.InetAddress;
import java.time.Duration;
import reactor.core.publisher.Flux;

/**
 * Child JVM for {@link LocalModeIT}, run inside a private network namespace: two LOCAL nodes find
 * each other by mDNS and have no DHT; two HYBRID nodes find each other by mDNS and end up in each
 * other's routing table. Prints {@code key=value} lines.
 */
public final class LocalModeMain {
  static final Duration T = Duration.ofSeconds(30);

  public static void main(String[] args) throws Exception {
    PrivateNetwork.requireOnlyLoopback();
    InetAddress lo = InetAddress.getByName("127.0.0.1");
    try (KademliaResources loops = KademliaResources.create(1)) {
      NodeConfig local = NodeConfig.builder().mode(Mode.LOCAL).bindAddress(lo).puzzleDifficulty(2).build();
      RunningNode a = Veilnet.node(local).resources(loops).startNow(T);
      RunningNode b = Veilnet.node(local).resources(loops).startNow(T);
      System.out.println("a_has_dht=" + a.dht().isPresent());
      System.out.println("a_has_mdns=" + a.localDiscovery().isPresent());
      System.out.println("b_sees_a_mdns=" + sees(b, a));
      System.out.println("a_sees_b_mdns=" + sees(a, b));
      Route r = a.route(b.id()).block(T);
      System.out.println("a_route_to_b=" + r.via());

      NodeConfig hybrid = NodeConfig.builder().mode(Mode.HYBRID).bindAddress(lo).puzzleDifficulty(2).build();
      RunningNode h1 = Veilnet.node(hybrid).resources(loops).startNow(T);
      RunningNode h2 = Veilnet.node(hybrid).resources(loops).startNow(T);
      System.out.println("h1_has_dht=" + h1.dht().isPresent());
      System.out.println("h2_sees_h1_mdns=" + sees(h2, h1));
      System.out.println("h1_table_has_h2=" + inTable(h1, h2));
      System.out.println("h2_table_has_h1=" + inTable(h2, h1));
      for (RunningNode n : new RunningNode[] {a, b, h1, h2}) {
        n.dispose();
      }
      long t0 = System.nanoTime();
      Flux.just(a, b, h1, h2).flatMap(RunningNode::onClose).blockLast(T);
      System.out.println("all_closed=" + (a.isDisposed() && h2.dht().orElseThrow().isDisposed()));
      System.out.println("close_ms=" + (System.nanoTime() - t0) / 1_000_000);
    }
    System.out.println("result=ok");
    System.exit(0);
  }

  static boolean sees(RunningNode viewer, RunningNode peer) {
    return Boolean.TRUE.equals(Flux.interval(Duration.ofMillis(50))
        .map(i -> viewer.peers().stream().anyMatch(p -> p.id().equals(peer.id()) && p.source() == PeerSource.MDNS))
        .filter(x -> x).blockFirst(T));
  }

  static boolean inTable(RunningNode viewer, RunningNode peer) {
    return Boolean.TRUE.equals(Flux.interval(Duration.ofMillis(50))
        .flatMap(i -> viewer.dht().orElseThrow().routingTable())
        .map(t -> t.stream().map(NodeRecord::nodeId).anyMatch(peer.id()::equals))
        .filter(x -> x).blockFirst(T));
  }
}
