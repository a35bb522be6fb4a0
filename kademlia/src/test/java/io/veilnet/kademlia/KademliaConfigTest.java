package io.veilnet.kademlia;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class KademliaConfigTest {

  @Test
  void defaultsFollowTheDesign() {
    KademliaConfig c = KademliaConfig.builder().build();
    assertThat(c.k()).isEqualTo(20);
    assertThat(c.alpha()).isEqualTo(3);
    assertThat(c.maxPerSubnetPerBucket()).isEqualTo(2);
    assertThat(c.maxPerSubnetTable()).isEqualTo(10);
    assertThat(c.readvertiseInterval()).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.bootstrapRefreshInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.providerTtl()).isEqualTo(Duration.ofHours(48));
    assertThat(c.providerRepublishInterval()).isEqualTo(Duration.ofHours(22));
    assertThat(c.rateLimitEnabled()).isTrue();
    assertThat(c.toBuilder().build().k()).isEqualTo(20);
  }

  @Test
  void everyInvalidArgument_isRejectedAtBuild() {
    List<UnaryOperator<KademliaConfig.Builder>> bad = List.of(
        b -> b.k(0), b -> b.k(65), b -> b.alpha(0), b -> b.disjointPaths(9),
        b -> b.puzzleDifficulty(-1), b -> b.puzzleDifficulty(33),
        b -> b.rpcTimeout(Duration.ZERO), b -> b.rpcTimeout(null),
        b -> b.minRpcTimeout(Duration.ofSeconds(5)).maxRpcTimeout(Duration.ofSeconds(1)),
        b -> b.lookupTimeout(Duration.ofMillis(-1)), b -> b.maxFailures(0),
        b -> b.maxPerSubnetPerBucket(0), b -> b.maxPerSubnetTable(0),
        b -> b.recordTtl(Duration.ofDays(8)), b -> b.providerTtl(Duration.ZERO),
        b -> b.bindAddress(null), b -> b.udpPort(70_000), b -> b.rateLimits(null),
        b -> b.rekeyAfter(Duration.ofMinutes(5)).sessionExpiry(Duration.ofMinutes(1)),
        b -> b.bootstrap(null));
    for (UnaryOperator<KademliaConfig.Builder> f : bad) {
      assertThatThrownBy(() -> f.apply(KademliaConfig.builder()).build())
          .isInstanceOfAny(IllegalArgumentException.class, NullPointerException.class);
    }
    assertThatThrownBy(() -> new KademliaConfig.RateLimits(0, 1, 1, 1, 1, 1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new KademliaConfig.RateLimits(1, 0, 1, 1, 1, 1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
