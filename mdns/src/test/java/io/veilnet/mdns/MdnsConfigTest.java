package io.veilnet.mdns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MdnsConfigTest {
  private static final RecordVerifier NONE = r -> Optional.empty();

  @Test
  void defaults() throws Exception {
    MdnsConfig c = MdnsConfig.builder().bindAddress(InetAddress.getByName("127.0.0.1"))
        .verifier(NONE).build();
    assertThat(c.bindAddress().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(c.eventQueueCapacity()).isEqualTo(MdnsConfig.DEFAULT_EVENT_QUEUE_CAPACITY);
    assertThat(c.subscriberBuffer()).isEqualTo(MdnsConfig.DEFAULT_SUBSCRIBER_BUFFER);
    assertThat(c.rfcTiming()).isTrue();
    assertThat(c.maxPeers()).isEqualTo(MdnsConfig.DEFAULT_MAX_PEERS);
    assertThat(c.toString()).contains("127.0.0.1");
  }

  @Test
  void wildcardOrMulticastBindAddress_isRefused() throws Exception {
    assertThatThrownBy(() -> MdnsConfig.builder().bindAddress(InetAddress.getByName("0.0.0.0")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("explicit interface");
    assertThatThrownBy(() -> MdnsConfig.builder().bindAddress(InetAddress.getByName("::")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("explicit interface");
    assertThatThrownBy(() -> MdnsConfig.builder().bindAddress(InetAddress.getByName("224.0.0.251")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multicast");
    assertThatThrownBy(() -> MdnsConfig.builder().bindAddress(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void missingRequiredValues_andOutOfRangeSizes_areRefused() throws Exception {
    InetAddress lo = InetAddress.getByName("127.0.0.1");
    assertThatThrownBy(() -> MdnsConfig.builder().verifier(NONE).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("bindAddress");
    assertThatThrownBy(() -> MdnsConfig.builder().bindAddress(lo).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("verifier");
    assertThatThrownBy(() -> MdnsConfig.builder().verifier(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> MdnsConfig.builder().eventQueueCapacity(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("eventQueueCapacity");
    assertThatThrownBy(() -> MdnsConfig.builder().maxPeers(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxPeers");
    assertThatThrownBy(() -> MdnsConfig.builder().subscriberBuffer(70_000))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subscriberBuffer");
  }
}
