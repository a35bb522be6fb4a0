package io.veilnet.kademlia;

import static org.assertj.core.api.Assertions.assertThat;

import io.veilnet.kademlia.testing.TestRecords;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockHound;

/**
 * No blocking call runs on a node's event loops during start, handshakes, lookups, put/get and
 * blob transfer (BlockHound fails the call if one does).
 */
class BlockHoundIT {
  @Test
  void eventLoopsNeverBlock() throws Exception {
    ConcurrentLinkedQueue<Throwable> blocked = new ConcurrentLinkedQueue<>();
    BlockHound.builder()
        .nonBlockingThreadPredicate(p -> p.or(t -> t.getName().startsWith("veilnet-kad")))
        .blockingMethodCallback(m -> blocked.add(new Error(m.toString())))
        .install();
    Duration t = Duration.ofSeconds(20);
    try (KademliaResources res = KademliaResources.create(2)) {
      // probe: the detector does see a blocking call on a node loop
      res.eventLoopGroup().next().submit(Thread::yield).get();
      assertThat(blocked).hasSize(1);
      blocked.clear();
      KademliaConfig c = KademliaConfig.builder().puzzleDifficulty(0).build();
      KademliaNode a = KademliaNode.start(TestRecords.identity(31),
          c.toBuilder().bindAddress(InetAddress.getByName("127.0.3.1")).build(), res).block(t);
      KademliaNode b = KademliaNode.start(TestRecords.identity(32),
          c.toBuilder().bindAddress(InetAddress.getByName("127.0.3.2")).build(), res).block(t);
      KademliaNode d = KademliaNode.start(TestRecords.identity(33),
          c.toBuilder().bindAddress(InetAddress.getByName("127.0.3.3")).build(), res).block(t);
      b.bootstrap(List.of(a.record())).block(t);
      d.bootstrap(List.of(a.record())).block(t);
      NodeId key = a.put("n".getBytes(), "v".getBytes(), Duration.ofMinutes(5)).block(t).key();
      assertThat(d.get(key).block(t)).isNotNull();
      NodeId blob = d.storeBlob(b.record(), new byte[200_000]).block(t);
      assertThat(a.fetchBlob(b.record(), blob).block(t)).hasSize(200_000);
      a.close();
      b.close();
      d.close();
    }
    assertThat(blocked).isEmpty();
  }
}
