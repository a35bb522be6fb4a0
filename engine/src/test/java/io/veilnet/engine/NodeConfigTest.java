package io.veilnet.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class NodeConfigTest {
  @Test
  void defaults_areAnInMemoryWanNodeOnLoopbackWithoutAdmin() {
    NodeConfig c = NodeConfig.builder().build();
    assertThat(c.mode()).isEqualTo(Mode.WAN);
    assertThat(c.bindAddress().isLoopbackAddress()).isTrue();
    assertThat(c.adminPort()).isEqualTo(NodeConfig.ADMIN_DISABLED);
    assertThat(c.dataDir()).isEmpty();
    assertThat(c.createsDht()).isTrue();
    assertThat(c.effectiveKademlia().udpPort()).isZero();
  }

  @Test
  void invalidValues_areRefusedAtBuild_namingTheSetting() throws Exception {
    assertThatThrownBy(() -> NodeConfig.builder().port(70_000).build()).hasMessageContaining("port must be 0..65535");
    assertThatThrownBy(() -> NodeConfig.builder().adminPort(-2).build()).hasMessageContaining("adminPort");
    assertThatThrownBy(() -> NodeConfig.builder().puzzleDifficulty(33).build()).hasMessageContaining("puzzleDifficulty");
    assertThatThrownBy(() -> NodeConfig.builder().mode(Mode.WAN).dhtEnabled(false).build())
        .hasMessageContaining("WAN needs the DHT");
    assertThatThrownBy(() -> NodeConfig.builder().mode(Mode.LOCAL)
        .bindAddress(InetAddress.getByName("0.0.0.0")).build()).hasMessageContaining("not the wildcard");
    assertThatThrownBy(() -> NodeConfig.builder().bindAddress(InetAddress.getByName("224.0.0.251")).build())
        .hasMessageContaining("multicast");
    assertThatThrownBy(() -> NodeConfig.builder().mode(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> NodeConfig.builder().manifestRefreshPeriod(java.time.Duration.ZERO).build())
        .hasMessageContaining("manifestRefreshPeriod");
    // Checking less often than the refresh window (half of the 6-day TTL) could let manifests expire.
    assertThatThrownBy(() -> NodeConfig.builder().manifestRefreshPeriod(java.time.Duration.ofDays(3)).build())
        .hasMessageContaining("manifestRefreshPeriod");
    assertThat(NodeConfig.builder().build().manifestRefreshPeriod()).isEqualTo(java.time.Duration.ofHours(1));
    assertThat(NodeConfig.builder().manifestRefreshPeriod(java.time.Duration.ofHours(2)).build().toBuilder().build()
        .manifestRefreshPeriod()).isEqualTo(java.time.Duration.ofHours(2));
  }

  @Test
  void dhtFlag_offInHybrid_meansNoDht_andLocalNeverHasOne() {
    assertThat(NodeConfig.builder().mode(Mode.HYBRID).dhtEnabled(false).build().createsDht()).isFalse();
    assertThat(NodeConfig.builder().mode(Mode.LOCAL).build().createsDht()).isFalse();
    assertThat(NodeConfig.builder().mode(Mode.HYBRID).build().createsDht()).isTrue();
  }

  @Test
  void modeParse_acceptsAnyCase_andRefusesOthers() {
    assertThat(Mode.parse("hybrid")).isEqualTo(Mode.HYBRID);
    assertThatThrownBy(() -> Mode.parse("mesh")).hasMessage("mode must be LOCAL, WAN or HYBRID, got 'mesh'");
  }
}
