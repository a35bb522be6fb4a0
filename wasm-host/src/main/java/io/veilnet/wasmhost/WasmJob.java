package io.veilnet.wasmhost;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A job description and its own fluent builder: immutable and thread-safe; every {@code withX} /
 * setter-style method returns a new job. Byte arrays are copied in.
 *
 * <pre>{@code
 * WasmJob job = WasmJob.of(moduleBytes).input(bytes).fuel(5_000_000).wallClock(Duration.ofSeconds(2));
 * }</pre>
 *
 * <p>With {@link #tunnel(IoTunnel)}, every input ({@link #input} or each of {@link #chunks}) is
 * tunnel ciphertext and the output comes back as ciphertext.
 */
public final class WasmJob {
  private final byte[] module;
  private final List<byte[]> inputs;
  private final Limits limits;
  private final IoTunnel tunnel;

  private WasmJob(byte[] module, List<byte[]> inputs, Limits limits, IoTunnel tunnel) {
    this.module = module;
    this.inputs = inputs;
    this.limits = limits;
    this.tunnel = tunnel;
  }

  /** A job for {@code module} with empty input and default limits. */
  public static WasmJob of(byte[] module) {
    requireNonNull(module, "module");
    if (module.length == 0) {
      throw new IllegalArgumentException("module must not be empty");
    }
    return new WasmJob(module.clone(), List.of(new byte[0]), Limits.defaults(), null);
  }

  /** Single input (plaintext, or ciphertext when a tunnel is set). */
  public WasmJob input(byte[] input) {
    requireNonNull(input, "input");
    return new WasmJob(module, List.of(input.clone()), limits, tunnel);
  }

  /** Several inputs, one sub-job each, results in this order ({@link WasmSandbox#executeChunks}). */
  public WasmJob chunks(List<byte[]> chunks) {
    requireNonNull(chunks, "chunks");
    if (chunks.isEmpty()) {
      throw new IllegalArgumentException("chunks must not be empty");
    }
    List<byte[]> copy = new ArrayList<>(chunks.size());
    for (byte[] c : chunks) {
      copy.add(requireNonNull(c, "chunk").clone());
    }
    return new WasmJob(module, List.copyOf(copy), limits, tunnel);
  }

  /** Splits a plaintext {@code input} into chunks of at most {@code chunkSize} bytes. */
  public WasmJob chunked(byte[] input, int chunkSize) {
    requireNonNull(input, "input");
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunkSize must be positive, got " + chunkSize);
    }
    List<byte[]> list = new ArrayList<>();
    for (int off = 0; off < input.length; off += chunkSize) {
      list.add(java.util.Arrays.copyOfRange(input, off, Math.min(input.length, off + chunkSize)));
    }
    if (list.isEmpty()) {
      list.add(new byte[0]);
    }
    return new WasmJob(module, List.copyOf(list), limits, tunnel);
  }

  public WasmJob limits(Limits limits) {
    return new WasmJob(module, inputs, requireNonNull(limits, "limits"), tunnel);
  }

  public WasmJob fuel(long fuel) {
    return limits(limits.withFuel(fuel));
  }

  public WasmJob memoryBytes(long bytes) {
    return limits(limits.withMemoryBytes(bytes));
  }

  public WasmJob wallClock(Duration wallClock) {
    return limits(limits.withWallClock(wallClock));
  }

  public WasmJob stackBytes(long bytes) {
    return limits(limits.withStackBytes(bytes));
  }

  public WasmJob tunnel(IoTunnel tunnel) {
    return new WasmJob(module, inputs, limits, requireNonNull(tunnel, "tunnel"));
  }

  byte[] moduleBytes() {
    return module;
  }

  List<byte[]> inputList() {
    return inputs;
  }

  public Limits limits() {
    return limits;
  }

  public Optional<IoTunnel> tunnel() {
    return Optional.ofNullable(tunnel);
  }

  public int chunkCount() {
    return inputs.size();
  }

  @Override
  public String toString() {
    return "WasmJob[module " + module.length + " bytes, " + inputs.size() + " input(s), " + limits
        + (tunnel != null ? ", tunnelled" : "") + "]";
  }
}
