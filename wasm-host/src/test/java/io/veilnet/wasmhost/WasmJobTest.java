package io.veilnet.wasmhost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WasmJobTest {
  private static final byte[] MODULE = {0, 'a', 's', 'm', 1, 0, 0, 0};

  @Test
  void builder_isImmutable() {
    WasmJob base = WasmJob.of(MODULE);
    WasmJob tuned = base.fuel(5).wallClock(Duration.ofSeconds(2)).memoryBytes(1 << 20);
    assertThat(base.limits()).isEqualTo(Limits.defaults());
    assertThat(tuned.limits().fuel()).isEqualTo(5);
    assertThat(tuned.limits().wallClock()).isEqualTo(Duration.ofSeconds(2));
    assertThat(tuned.limits().memoryBytes()).isEqualTo(1 << 20);
    assertThat(tuned).isNotSameAs(base);
    assertThat(base.tunnel()).isEmpty();
  }

  @Test
  void inputs_areCopiedIn() {
    byte[] in = {1, 2, 3};
    WasmJob job = WasmJob.of(MODULE).input(in);
    in[0] = 9;
    assertThat(job.inputList().get(0)).containsExactly(1, 2, 3);
  }

  @Test
  void chunked_splitsInOrder() {
    WasmJob job = WasmJob.of(MODULE).chunked(new byte[] {1, 2, 3, 4, 5}, 2);
    assertThat(job.inputList()).hasSize(3);
    assertThat(job.inputList().get(2)).containsExactly(5);
    assertThat(WasmJob.of(MODULE).chunked(new byte[0], 2).chunkCount()).isEqualTo(1);
  }

  @Test
  void invalidArguments_areRejected() {
    assertThatThrownBy(() -> WasmJob.of(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WasmJob.of(MODULE).chunked(new byte[1], 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WasmJob.of(MODULE).chunks(List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WasmJob.of(MODULE).fuel(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fuel");
    assertThatThrownBy(() -> WasmJob.of(MODULE).memoryBytes(1000)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiple of 65536");
    assertThatThrownBy(() -> WasmJob.of(MODULE).wallClock(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WasmJob.of(MODULE).stackBytes(10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WasmJob.of(MODULE).input(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void limits_defaultsMatchTheDesign() {
    Limits d = Limits.defaults();
    assertThat(d.memoryBytes()).isEqualTo(256L << 20);
    assertThat(d.fuel()).isEqualTo(1_000_000_000L);
    assertThat(d.wallClock()).isEqualTo(Duration.ofSeconds(30));
    assertThat(d.stackBytes()).isEqualTo(1 << 20);
    assertThat(d.memoryPages()).isEqualTo(4096);
  }
}
