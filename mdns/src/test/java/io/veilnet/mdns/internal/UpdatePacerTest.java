package io.veilnet.mdns.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UpdatePacerTest {
  private static final long S = 1_000_000_000L;

  @Test
  void tenUpdatesPerMinute_thenTheEleventhWaitsForTheOldestToLeaveTheWindow() {
    UpdatePacer pacer = new UpdatePacer();
    for (int i = 0; i < 10; i++) {
      assertThat(pacer.delayNanos(i * S)).isZero();
      pacer.record(i * S);
    }
    assertThat(pacer.delayNanos(10 * S)).isEqualTo(50 * S); // oldest at 0 s leaves at 60 s
    assertThat(pacer.delayNanos(60 * S)).isZero();
    pacer.record(60 * S);
    assertThat(pacer.delayNanos(60 * S)).isEqualTo(1 * S); // next oldest: 1 s + 60 s
  }

  @Test
  void invalidLimits_areRefused() {
    assertThatThrownBy(() -> new UpdatePacer(0, S)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new UpdatePacer(1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
