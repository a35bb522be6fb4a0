package io.veilnet.wasmhost;

/**
 * One WASM engine. Thread-safe. {@link #admit} validates and prepares a module once (cached by
 * content id); {@link #run} instantiates it afresh and runs the ABI ({@code alloc} then
 * {@code run}) under the given limits.
 *
 * <p>{@link #run} blocks and must be called on a sandbox worker thread (one made by
 * {@link WasmSandbox}), whose stack is sized for the wasm stack limit; elsewhere it throws
 * {@link IllegalStateException}. Closing the runtime releases compiled modules and native state.
 */
public interface WasmRuntime extends AutoCloseable {

  RuntimeKind kind();

  /**
   * Admits a module, or returns the cached admission for the same bytes.
   *
   * @throws AdmissionException malformed module, forbidden import, or ABI violation
   */
  AdmittedModule admit(byte[] module);

  /**
   * Runs one job on the current (worker) thread.
   *
   * @throws LimitExceededException a limit was hit
   * @throws WasmTrapException trap inside the module or output outside its memory
   * @throws AdmissionException the module cannot be instantiated (e.g. needs more memory than it may have)
   */
  RunResult run(AdmittedModule module, byte[] input, Limits limits);

  @Override
  void close();

  /** Creates a runtime of the given kind; the caller owns and closes it. */
  static WasmRuntime create(RuntimeKind kind) {
    return io.veilnet.wasmhost.internal.Runtimes.create(kind);
  }
}
