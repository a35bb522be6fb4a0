package io.veilnet.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.veilnet.mdns.testing.PrivateNetwork;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's dual-DHT tests for the mDNS modes, inside a private network namespace the test
 * creates (so multicast never leaves the machine): LOCAL nodes discover each other by mDNS and have
 * no DHT; HYBRID nodes feed what mDNS finds into their routing tables.
 */
class LocalModeIT {
  @TempDir
  static Path tmp;

  @BeforeAll
  static void requireNetworkNamespaces() {
    String why = PrivateNetwork.unavailableReason();
    Assumptions.assumeTrue(why == null,
        () -> "LOCAL/HYBRID mode test skipped: private network namespaces are unavailable here ("
            + why + "); it needs `unshare -rn` (user + network namespaces) and `ip`");
  }

  @Test
  void localNodesDiscoverEachOtherByMdns_withoutDht_andHybridNodesFeedTheRoutingTable() throws Exception {
    PrivateNetwork.Result r = PrivateNetwork.run(tmp, 120, List.of(), LocalModeMain.class);
    assertThat(r.exited()).as(r.output()).isTrue();
    Map<String, String> v = r.values();
    assertThat(v).as(r.output())
        .containsEntry("a_has_dht", "false")
        .containsEntry("a_has_mdns", "true")
        .containsEntry("a_sees_b_mdns", "true")
        .containsEntry("b_sees_a_mdns", "true")
        .containsEntry("a_route_to_b", "KNOWN_PEER")
        .containsEntry("h1_has_dht", "true")
        .containsEntry("h2_sees_h1_mdns", "true")
        .containsEntry("h1_table_has_h2", "true")
        .containsEntry("h2_table_has_h1", "true")
        .containsEntry("all_closed", "true")
        .containsEntry("result", "ok");
    assertThat(r.exitCode()).isZero();
  }
}
