package io.veilnet.mdns.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.NetworkInterface;
import java.util.Collections;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class PrivateNetworkTest {

  @Test
  void values_parseKeyValueLines_firstOccurrenceWins() {
    PrivateNetwork.Result r = new PrivateNetwork.Result(true, 0,
        "noise\nresult=ok\nb2_x=1\nresult=later\nWARN a=b c\nkey=with=equals\n");
    assertThat(r.values()).containsExactly(
        java.util.Map.entry("result", "ok"), java.util.Map.entry("b2_x", "1"),
        java.util.Map.entry("key", "with=equals"));
  }

  @Test
  void requireOnlyLoopback_refusesWhenRealInterfacesAreVisible() throws Exception {
    Assumptions.assumeTrue(Collections.list(NetworkInterface.getNetworkInterfaces()).size() > 1,
        "only lo visible: already inside a private namespace");
    assertThatThrownBy(PrivateNetwork::requireOnlyLoopback)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not inside a private network namespace");
  }
}
