package io.veilnet.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veilnet.engine.identity.IdentityStore;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeStartIT {
  static final Duration T = Duration.ofSeconds(20);

  @Test
  void hybridOnALoopbackWithoutMulticast_failsWithAClearMessage() throws Exception {
    NetworkInterface lo = NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress());
    Assumptions.assumeTrue(lo != null && !lo.supportsMulticast(),
        "this host's loopback supports multicast, so mDNS would start on it");
    NodeConfig c = NodeConfig.builder().mode(Mode.HYBRID).puzzleDifficulty(2).build();
    assertThatThrownBy(() -> Veilnet.node(c).startNow(T))
        .hasMessageContaining("mDNS cannot start on 127.0.0.1")
        .hasMessageContaining("use mode WAN otherwise");
  }

  @Test
  void dataDir_holdsIdentityAndStore_reusedOnRestart(@TempDir Path dir) throws Exception {
    NodeConfig c = NodeConfig.builder().dataDir(dir).puzzleDifficulty(2).build();
    RunningNode first = Veilnet.node(c).startNow(T);
    String id = first.id().toHex();
    assertThat(dir.resolve("store")).as("the node store lives in the data dir").isDirectory();
    first.close();
    assertThat(IdentityStore.file(dir)).exists();
    RunningNode second = Veilnet.node(c).startNow(T);
    try {
      assertThat(second.id().toHex()).isEqualTo(id);
    } finally {
      second.close();
    }
    try (var stored = IdentityStore.read(dir, Map.of()).orElseThrow()) {
      assertThat(stored.nodeIdHex()).isEqualTo(id);
    }
  }

  @Test
  void routingTable_isSavedInTheDataDir_andRejoinsWithoutABootstrapList(@TempDir Path dir) {
    RunningNode seed = Veilnet.node(NodeConfig.builder().puzzleDifficulty(2).build()).startNow(T);
    try {
      NodeConfig joined = NodeConfig.builder().dataDir(dir).puzzleDifficulty(2)
          .bootstrap(java.util.List.of(seed.record())).build();
      RunningNode first = Veilnet.node(joined).startNow(T);
      assertThat(first.bootstrapResult()).isPresent();
      first.close();

      // Restart with no bootstrap list: the saved routing table must lead back to the seed.
      NodeConfig alone = NodeConfig.builder().dataDir(dir).puzzleDifficulty(2).build();
      RunningNode second = Veilnet.node(alone).startNow(T);
      try {
        assertThat(second.bootstrapResult()).as("bootstrapped from the saved routing table").get()
            .satisfies(r -> assertThat(r.closest()).extracting(x -> x.nodeId()).contains(seed.id()));
        assertThat(second.dht().orElseThrow().routingTable().block(T))
            .extracting(x -> x.nodeId()).contains(seed.id());
      } finally {
        second.close();
      }
    } finally {
      seed.close();
    }
  }
}
