package io.veilnet.kademlia.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.veilnet.kademlia.KademliaConfig;
import io.veilnet.kademlia.KademliaNode;
import io.veilnet.kademlia.KademliaResources;
import io.veilnet.kademlia.NodeId;
import io.veilnet.kademlia.NodeRecord;
import io.veilnet.kademlia.testing.TestRecords;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bench hooks on {@link DefaultKademliaNode}: single FIND_NODE RPCs and referral override. */
class BenchHooksIT {
  static final Duration T = Duration.ofSeconds(10);

  static KademliaConfig config(String host) throws Exception {
    return KademliaConfig.builder().puzzleDifficulty(0)
        .bindAddress(InetAddress.getByName(host)).build();
  }

  @Test
  void findNodeAt_asksOnePeer_andOverrideReferrals_replacesItsAnswer() throws Exception {
    try (KademliaResources resources = KademliaResources.create(1)) {
      KademliaNode a = KademliaNode.start(TestRecords.identity(21), config("127.0.2.1"), resources).block(T);
      KademliaNode b = KademliaNode.start(TestRecords.identity(22), config("127.0.3.1"), resources).block(T);
      KademliaNode c = KademliaNode.start(TestRecords.identity(23), config("127.0.4.1"), resources).block(T);
      try {
        c.bootstrap(List.of(b.record())).block(T);
        NodeId target = NodeId.random(new java.util.Random(5));
        List<NodeRecord> honest = ((DefaultKademliaNode) a).findNodeAt(b.record(), target).block(T);
        assertThat(honest).extracting(NodeRecord::nodeId).contains(c.id());

        ((DefaultKademliaNode) b).overrideReferrals((t, k) -> List.of(a.record())).block(T);
        List<NodeRecord> lying = ((DefaultKademliaNode) a).findNodeAt(b.record(), target).block(T);
        assertThat(lying).extracting(NodeRecord::nodeId).containsExactly(a.id());

        ((DefaultKademliaNode) b).overrideReferrals(null).block(T);
        assertThat(((DefaultKademliaNode) a).findNodeAt(b.record(), target).block(T))
            .extracting(NodeRecord::nodeId).contains(c.id());
      } finally {
        a.close();
        b.close();
        c.close();
      }
    }
  }
}
