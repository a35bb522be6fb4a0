package io.veilnet.wasmhost;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The one conformance suite every {@link WasmRuntime} must pass. After every failure the same
 * sandbox must run a normal job fine (the pool survives, the JVM never aborts).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractRuntimeConformanceTest {
  /** Fuel for echo_upper on "hello, wasm" under the documented cost model (same on every runtime). */
  static final long ECHO_HELLO_FUEL = 429;

  static final Duration WAIT = Duration.ofSeconds(60);
  WasmSandbox sandbox;

  abstract RuntimeKind kind();

  @BeforeAll
  void start() {
    sandbox = WasmSandbox.builder().runtime(kind()).workers(2).queueCapacity(8).build();
  }

  @AfterAll
  void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  JobResult run(WasmJob job) {
    return sandbox.execute(job).block(WAIT);
  }

  void poolRunsNextJobFine() {
    JobResult r = run(WasmJob.of(Fixtures.wasm("echo_upper")).input("next job".getBytes(UTF_8)));
    assertThat(new String(r.output(), UTF_8)).isEqualTo("NEXT JOB");
  }

  @Test
  void echo_transformsInput() {
    JobResult r = run(WasmJob.of(Fixtures.wasm("echo_upper")).input("hello, wasm".getBytes(UTF_8)));
    assertThat(new String(r.output(), UTF_8)).isEqualTo("HELLO, WASM");
    assertThat(r.encrypted()).isFalse();
    assertThat(r.moduleId()).isEqualTo(ModuleId.of(Fixtures.wasm("echo_upper")));
  }

  @Test
  void fuel_isDeterministicAndTheSameOnEveryRuntime() {
    WasmJob job = WasmJob.of(Fixtures.wasm("echo_upper")).input("hello, wasm".getBytes(UTF_8));
    assertThat(run(job).fuelUsed()).isEqualTo(ECHO_HELLO_FUEL);
    assertThat(run(job).fuelUsed()).isEqualTo(ECHO_HELLO_FUEL);
  }

  @Test
  void fuel_matchesTheDocumentedCostModel() {
    // fuel_model.wat: alloc 3 + run (4 + 3 iterations x 10) = 37, worked out by hand in the .wat
    assertThat(run(WasmJob.of(Fixtures.wasm("fuel_model"))).fuelUsed()).isEqualTo(37);
  }

  @Test
  void fuel_exactlyEnough_succeeds_oneLess_fails() {
    assertThat(run(WasmJob.of(Fixtures.wasm("fuel_model")).fuel(37)).fuelUsed()).isEqualTo(37);
    assertThatThrownBy(() -> run(WasmJob.of(Fixtures.wasm("fuel_model")).fuel(36)))
        .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.limit()).isEqualTo(Limit.FUEL));
  }

  @Test
  void fuel_growsLinearlyWithLoopIterations() {
    byte[] module = Fixtures.wasm("echo_upper");
    long f10 = run(WasmJob.of(module).input(new byte[10])).fuelUsed();
    long f20 = run(WasmJob.of(module).input(new byte[20])).fuelUsed();
    long f30 = run(WasmJob.of(module).input(new byte[30])).fuelUsed();
    assertThat(f20 - f10).isPositive().isEqualTo(f30 - f20);
  }

  @Test
  void exampleFromC_sha256_matchesTheJdk() throws Exception {
    byte[] module = Fixtures.example("sha256");
    for (int n : new int[] {0, 3, 55, 56, 64, 1000, 100_000}) {
      byte[] in = new byte[n];
      new java.util.Random(n).nextBytes(in);
      byte[] expected = java.security.MessageDigest.getInstance("SHA-256").digest(in);
      assertThat(run(WasmJob.of(module).input(in)).output()).as("n=%d", n).isEqualTo(expected);
    }
  }

  @Test
  void exampleFromC_wordCount() {
    JobResult r = run(WasmJob.of(Fixtures.example("wordcount")).input("the quick  brown\nfox\n\njumps".getBytes(UTF_8)));
    assertThat(new String(r.output(), UTF_8)).isEqualTo("3 5 27\n"); // same as `wc`
  }

  @Test
  void largeInput_roundTrips() {
    byte[] in = new byte[3 << 20];
    Arrays.fill(in, (byte) 'a');
    JobResult r = run(WasmJob.of(Fixtures.wasm("echo_upper")).input(in).fuel(1L << 40));
    assertThat(r.output()).hasSize(in.length);
    assertThat(r.output()[0]).isEqualTo((byte) 'A');
    assertThat(r.output()[in.length - 1]).isEqualTo((byte) 'A');
  }

  @Test
  void infiniteLoop_hitsFuelLimit() {
    assertThatThrownBy(() -> run(WasmJob.of(Fixtures.wasm("spin")).fuel(1_000_000)))
        .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.limit()).isEqualTo(Limit.FUEL))
        .hasMessageContaining("fuel limit exceeded");
    poolRunsNextJobFine();
  }

  @Test
  void busyLoopWithHighFuel_hitsWallClock() {
    long start = System.nanoTime();
    assertThatThrownBy(() -> run(WasmJob.of(Fixtures.wasm("spin")).fuel(Long.MAX_VALUE).wallClock(Duration.ofMillis(300))))
        .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.limit()).isEqualTo(Limit.TIME))
        .hasMessageContaining("time limit exceeded");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    poolRunsNextJobFine();
  }

  @Test
  void memoryGrowBomb_hitsMemoryCap() {
    assertThatThrownBy(() -> run(WasmJob.of(Fixtures.wasm("grow_bomb")).memoryBytes(4L << 20)))
        .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.limit()).isEqualTo(Limit.MEMORY))
        .hasMessageContaining("memory limit exceeded");
    poolRunsNextJobFine();
  }

  @Test
  void initialMemoryAboveCap_isAMemoryLimit() {
    assertThatThrownBy(() -> run(WasmJob.of(Fixtures.wasm("big_initial_memory")).memoryBytes(1L << 20)))
        .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.limit()).isEqualTo(Limit.MEMORY));
    poolRunsNextJobFine();
  }

  @Test
  void deepRecursion_hitsStackLimit() {
    assertThatThrownBy(() -> run(WasmJob.of(Fixtures.wasm("recursion")).fuel(Long.MAX_VALUE)))
        .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.limit()).isEqualTo(Limit.STACK))
        .hasMessageContaining("stack limit exceeded");
    poolRunsNextJobFine();
  }

  static byte[] depth(int n) {
    return java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(n).array();
  }

  @Test
  void stackBudget_isExactAndPerJob() {
    byte[] m = Fixtures.wasm("recurse_depth"); // frame costs worked out in recurse_depth.wat
    assertThat(run(WasmJob.of(m).input(depth(742)).stackBytes(64 * 1024)).output()).isEqualTo(depth(742));
    assertThatThrownBy(() -> run(WasmJob.of(m).input(depth(743)).stackBytes(64 * 1024)))
        .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.limit()).isEqualTo(Limit.STACK))
        .hasMessageContaining("stack limit exceeded: wasm stack budget of 65536 bytes used up");
    // same module, same depth, same sandbox: a larger budget for this one job
    assertThat(run(WasmJob.of(m).input(depth(743)).stackBytes(128 * 1024)).output()).isEqualTo(depth(743));
    poolRunsNextJobFine();
  }

  @Test
  void stackBudget_bindsBeforeTheWorkersOwnStack_atTheSandboxMaximum() {
    // 1 MiB budget: 96 + 88 (N + 1) <= 1,048,576 up to N = 11,913; the budget, not the thread or
    // engine stack, must be what stops N = 11,914
    byte[] m = Fixtures.wasm("recurse_depth");
    assertThat(run(WasmJob.of(m).input(depth(11_913))).output()).isEqualTo(depth(11_913));
    assertThatThrownBy(() -> run(WasmJob.of(m).input(depth(11_914))))
        .hasMessageContaining("wasm stack budget of 1048576 bytes used up");
  }

  @Test
  void tailCalls_areRefusedAtAdmission() {
    // wasmtime-java 0.19 cannot compile return_call; both runtimes refuse it the same way
    assertThatThrownBy(() -> run(WasmJob.of(Fixtures.wasm("tail_call")).input(depth(10))))
        .isInstanceOf(AdmissionException.class)
        .hasMessageContaining("unsupported feature: tail calls (return_call) are not accepted");
    poolRunsNextJobFine();
  }

  @Test
  void wasiImport_isRejectedAtAdmission() {
    assertThatThrownBy(() -> run(WasmJob.of(Fixtures.wasm("wasi_import"))))
        .isInstanceOf(AdmissionException.class)
        .hasMessageContaining("forbidden import wasi_snapshot_preview1.fd_write")
        .hasMessageContaining("WASI");
    poolRunsNextJobFine();
  }

  @Test
  void unknownImport_isRejectedAtAdmission() {
    assertThatThrownBy(() -> run(WasmJob.of(Fixtures.wasm("unknown_import"))))
        .isInstanceOf(AdmissionException.class)
        .hasMessageContaining("forbidden import env.open_socket");
    poolRunsNextJobFine();
  }

  @Test
  void trapInsideRun_isATrap() {
    assertThatThrownBy(() -> run(WasmJob.of(Fixtures.wasm("trap"))))
        .isInstanceOf(WasmTrapException.class)
        .hasMessageContaining("trap");
    poolRunsNextJobFine();
  }

  @Test
  void malformedBytes_areRejected() {
    assertThatThrownBy(() -> run(WasmJob.of("definitely not wasm".getBytes(UTF_8))))
        .isInstanceOf(AdmissionException.class)
        .hasMessageContaining("malformed");
    byte[] echo = Fixtures.wasm("echo_upper");
    assertThatThrownBy(() -> run(WasmJob.of(Arrays.copyOf(echo, echo.length - 7))))
        .isInstanceOf(AdmissionException.class);
    poolRunsNextJobFine();
  }

  @Test
  void outputOutOfBounds_isBadOutput() {
    assertThatThrownBy(() -> run(WasmJob.of(Fixtures.wasm("out_of_bounds"))))
        .isInstanceOf(WasmTrapException.class)
        .hasMessageContaining("bad output");
    poolRunsNextJobFine();
  }

  @Test
  void allocPointerPastTheEndOfMemory_isAnAbiViolation() {
    assertThatThrownBy(() -> run(WasmJob.of(Fixtures.wasm("bad_alloc")).input("0123456789".getBytes(UTF_8))))
        .isInstanceOf(WasmTrapException.class)
        .hasMessageContaining("ABI violation");
    poolRunsNextJobFine();
  }

  @Test
  void outputInMemoryGrownByRun_isReadAfterTheGrowth() {
    JobResult r = run(WasmJob.of(Fixtures.wasm("grow_output")));
    assertThat(new String(r.output(), UTF_8)).isEqualTo("GREW");
  }

  @Test
  void noGuestState_survivesBetweenJobs() {
    // More jobs than workers, so every worker runs the module several times in a row.
    byte[] module = Fixtures.wasm("stateful");
    for (int i = 0; i < 6; i++) {
      assertThat(run(WasmJob.of(module)).output())
          .as("job %d: runs counted in a global, in memory, and whether the table slot was empty", i)
          .containsExactly(1, 1, 1);
    }
  }

  @Test
  void jobAfterATrapOrLimit_startsFromAFreshInstance() {
    byte[] module = Fixtures.wasm("stateful");
    assertThat(run(WasmJob.of(module)).output()).containsExactly(1, 1, 1);
    assertThatThrownBy(() -> run(WasmJob.of(Fixtures.wasm("trap")))).isInstanceOf(WasmTrapException.class);
    assertThatThrownBy(() -> run(WasmJob.of(Fixtures.wasm("spin")).fuel(10_000)))
        .isInstanceOf(LimitExceededException.class);
    assertThat(run(WasmJob.of(module)).output()).containsExactly(1, 1, 1);
  }

  @Test
  void missingAbiExport_isRejected() {
    assertThatThrownBy(() -> run(WasmJob.of(Fixtures.wasm("no_run_export"))))
        .isInstanceOf(AdmissionException.class)
        .hasMessageContaining("missing export 'run'");
    poolRunsNextJobFine();
  }

  @Test
  void admission_isCachedByContentId() {
    byte[] m = Fixtures.wasm("echo_upper");
    AdmittedModule a = sandbox.runtime().admit(m);
    AdmittedModule b = sandbox.runtime().admit(m.clone());
    assertThat(b).isSameAs(a);
    assertThat(a.id()).isEqualTo(ModuleId.of(m));
    assertThat(a.runtime()).isEqualTo(kind());
  }

  @Test
  void closingTheSandboxUnderARunningJob_isSafe() {
    WasmSandbox box = WasmSandbox.builder().runtime(kind()).workers(1).queueCapacity(1).build();
    java.util.concurrent.atomic.AtomicReference<Throwable> error = new java.util.concurrent.atomic.AtomicReference<>();
    reactor.core.Disposable job = box.execute(WasmJob.of(Fixtures.wasm("spin")).fuel(Long.MAX_VALUE)
        .wallClock(Duration.ofSeconds(1))).subscribe(r -> { }, error::set);
    long start = System.nanoTime();
    box.close(); // must wait for or stop the job without freeing anything under it
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    assertThatThrownBy(() -> box.runtime().admit(Fixtures.wasm("echo_upper"))).isInstanceOf(IllegalStateException.class);
    job.dispose();
    poolRunsNextJobFine(); // the suite's own sandbox is untouched
  }

  @Test
  void moduleFromAnotherRuntime_isRefused() {
    try (WasmRuntime other = WasmRuntime.create(kind())) {
      AdmittedModule foreign = other.admit(Fixtures.wasm("echo_upper"));
      assertThatThrownBy(() -> sandbox.runtime().run(foreign, new byte[1], Limits.defaults()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not admitted by this runtime");
    }
  }

  @Test
  void run_offWorkerThread_isRefused() {
    AdmittedModule a = sandbox.runtime().admit(Fixtures.wasm("echo_upper"));
    assertThatThrownBy(() -> sandbox.runtime().run(a, new byte[1], Limits.defaults()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("worker thread");
  }
}
