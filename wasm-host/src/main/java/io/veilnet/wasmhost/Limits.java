package io.veilnet.wasmhost;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Per-job resource limits. Immutable; {@code withX} returns a copy. Defaults: 256 MiB memory,
 * 10⁹ fuel, 30 s wall clock, 1 MiB wasm stack.
 *
 * @param memoryBytes cap on linear memory, a multiple of 64 KiB, at most 4 GiB
 * @param fuel fuel units the job may burn (see docs/wasm-abi.md for the cost model)
 * @param wallClock wall-clock budget for instantiation plus {@code alloc} and {@code run}
 * @param stackBytes wasm stack budget in bytes of the documented frame model (each call frame
 *     costs 64 + 8 per parameter, local and operand slot; docs/wasm-abi.md), enforced per job and
 *     identically on both runtimes; must not exceed the sandbox's
 *     {@link WasmSandbox.Builder#maxStackBytes maxStackBytes} (wasmtime: at most 1 MiB)
 */
public record Limits(long memoryBytes, long fuel, Duration wallClock, long stackBytes) {
  public static final long PAGE = 65_536;
  public static final long MAX_MEMORY = 65_536L * PAGE;
  private static final Limits DEFAULTS = new Limits(256L << 20, 1_000_000_000L, Duration.ofSeconds(30), 1L << 20);

  public Limits {
    requireNonNull(wallClock, "wallClock");
    if (memoryBytes < PAGE || memoryBytes > MAX_MEMORY || memoryBytes % PAGE != 0) {
      throw new IllegalArgumentException(
          "memoryBytes must be a multiple of 65536 between 64 KiB and 4 GiB, got " + memoryBytes);
    }
    if (fuel < 1) {
      throw new IllegalArgumentException("fuel must be positive, got " + fuel);
    }
    if (wallClock.isNegative() || wallClock.isZero() || wallClock.compareTo(Duration.ofHours(24)) > 0) {
      throw new IllegalArgumentException("wallClock must be in (0, 24h], got " + wallClock);
    }
    if (stackBytes < 64 * 1024 || stackBytes > 256L << 20) {
      throw new IllegalArgumentException("stackBytes must be between 64 KiB and 256 MiB, got " + stackBytes);
    }
  }

  public static Limits defaults() {
    return DEFAULTS;
  }

  public Limits withMemoryBytes(long v) {
    return new Limits(v, fuel, wallClock, stackBytes);
  }

  public Limits withFuel(long v) {
    return new Limits(memoryBytes, v, wallClock, stackBytes);
  }

  public Limits withWallClock(Duration v) {
    return new Limits(memoryBytes, fuel, v, stackBytes);
  }

  public Limits withStackBytes(long v) {
    return new Limits(memoryBytes, fuel, wallClock, v);
  }

  /** The memory cap in 64 KiB pages. */
  public int memoryPages() {
    return (int) (memoryBytes / PAGE);
  }
}
