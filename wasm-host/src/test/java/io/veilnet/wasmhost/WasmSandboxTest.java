package io.veilnet.wasmhost;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class WasmSandboxTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void fullQueue_isRejectedAtOnce_andThePoolRecovers() {
    try (WasmSandbox sandbox = WasmSandbox.builder().workers(1).queueCapacity(1).build()) {
      WasmJob spin = WasmJob.of(Fixtures.wasm("spin")).fuel(Long.MAX_VALUE).wallClock(Duration.ofSeconds(20));
      Disposable running = sandbox.execute(spin).subscribe(r -> { }, e -> { });
      Disposable queued = sandbox.execute(spin).subscribe(r -> { }, e -> { });
      StepVerifier.create(sandbox.execute(spin))
          .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(JobRejectedException.class)
              .hasMessageContaining("queue of 1 is full"))
          .verify(WAIT);
      running.dispose(); // cancel interrupts the worker
      queued.dispose();
      JobResult r = sandbox.execute(WasmJob.of(Fixtures.wasm("echo_upper")).input("ok".getBytes(UTF_8))).block(WAIT);
      assertThat(new String(r.output(), UTF_8)).isEqualTo("OK");
    }
  }

  @Test
  void stackBudgets_beyondTheSandboxOrTheRuntime_areClearErrors() {
    assertThatThrownBy(() -> WasmSandbox.builder().runtime(RuntimeKind.WASMTIME).maxStackBytes(2L << 20).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 1048576 bytes")
        .hasMessageContaining("use the Chicory runtime for deeper stacks");
    try (WasmSandbox sandbox = WasmSandbox.builder().maxStackBytes(128 * 1024).workers(1).build()) {
      StepVerifier.create(sandbox.execute(WasmJob.of(Fixtures.wasm("echo_upper")).stackBytes(256 * 1024)))
          .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IllegalArgumentException.class)
              .hasMessageContaining("exceeds the sandbox maximum 131072"))
          .verify(Duration.ofSeconds(30));
    }
    // a Chicory sandbox may go deeper than wasmtime can: 8 MiB budget, 32 MiB worker stacks
    try (WasmSandbox deep = WasmSandbox.builder().maxStackBytes(8L << 20).workers(1).build()) {
      byte[] depth = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(50_000).array();
      JobResult r = deep.execute(WasmJob.of(Fixtures.wasm("recurse_depth")).input(depth).stackBytes(8L << 20))
          .block(Duration.ofSeconds(60));
      assertThat(r.output()).isEqualTo(depth);
    }
  }

  @Test
  void execute_isLazy() {
    try (WasmSandbox sandbox = WasmSandbox.builder().workers(1).queueCapacity(0).build()) {
      Mono<JobResult> notSubscribed = sandbox.execute(WasmJob.of(Fixtures.wasm("spin")).wallClock(Duration.ofSeconds(20)));
      assertThat(notSubscribed).isNotNull();
      // nothing occupies the single worker, so a hand-off job runs at once
      JobResult r = sandbox.execute(WasmJob.of(Fixtures.wasm("echo_upper")).input("x".getBytes(UTF_8))).block(WAIT);
      assertThat(r.output()).containsExactly('X');
    }
  }

  @Test
  void chunks_comeBackInOrder() {
    try (WasmSandbox sandbox = WasmSandbox.builder().workers(2).queueCapacity(2).build()) {
      byte[] in = "abcdefghijklmnopqrstuvwxyz".getBytes(UTF_8);
      WasmJob job = WasmJob.of(Fixtures.wasm("echo_upper")).chunked(in, 3);
      assertThat(job.chunkCount()).isEqualTo(9);
      List<JobResult> results = sandbox.executeChunks(job).collectList().block(WAIT);
      assertThat(results).extracting(JobResult::chunk).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
      StringBuilder joined = new StringBuilder();
      results.forEach(r -> joined.append(new String(r.output(), UTF_8)));
      assertThat(joined.toString()).isEqualTo("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    }
  }

  @Test
  void chunkedJob_viaExecute_isAnError() {
    try (WasmSandbox sandbox = WasmSandbox.builder().workers(1).build()) {
      WasmJob job = WasmJob.of(Fixtures.wasm("echo_upper")).chunked(new byte[10], 5);
      StepVerifier.create(sandbox.execute(job)).expectError(IllegalArgumentException.class).verify(WAIT);
    }
  }

  @Test
  void jobStackAboveSandboxMaximum_isRefused() {
    try (WasmSandbox sandbox = WasmSandbox.builder().workers(1).maxStackBytes(1 << 20).build()) {
      WasmJob job = WasmJob.of(Fixtures.wasm("echo_upper")).stackBytes(4 << 20);
      StepVerifier.create(sandbox.execute(job)).expectErrorMessage(
          "job stack limit 4194304 exceeds the sandbox maximum 1048576").verify(WAIT);
    }
  }

  @Test
  void builder_rejectsInvalidArguments() {
    assertThatThrownBy(() -> WasmSandbox.builder().workers(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("workers");
    assertThatThrownBy(() -> WasmSandbox.builder().queueCapacity(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("queueCapacity");
    assertThatThrownBy(() -> WasmSandbox.builder().maxStackBytes(1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxStackBytes");
    assertThatThrownBy(() -> WasmSandbox.builder().runtime((RuntimeKind) null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void borrowedRuntime_isNotClosedBySandbox() {
    try (WasmRuntime rt = WasmRuntime.create(RuntimeKind.CHICORY)) {
      try (WasmSandbox sandbox = WasmSandbox.builder().runtime(rt).workers(1).build()) {
        assertThat(sandbox.execute(WasmJob.of(Fixtures.wasm("echo_upper")).input(new byte[] {'a'})).block(WAIT).output())
            .containsExactly('A');
      }
      assertThat(rt.admit(Fixtures.wasm("echo_upper")).id()).isEqualTo(ModuleId.of(Fixtures.wasm("echo_upper")));
    }
  }
}
