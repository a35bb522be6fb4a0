package io.veilnet.wasmhost.internal;

/** A sandbox worker: a thread whose stack is sized for a wasm stack budget. */
public final class WasmWorkerThread extends Thread {
  private final long stackBytes;

  public WasmWorkerThread(Runnable r, String name, long stackBytes) {
    super(null, r, name, stackBytes);
    this.stackBytes = stackBytes;
    setDaemon(true);
  }

  /** The thread stack size this worker was created with. */
  public long stackBytes() {
    return stackBytes;
  }

  /** Throws unless the caller is a worker whose stack is at least twice {@code wasmStackBytes}. */
  public static void requireWorker(long wasmStackBytes) {
    if (!(Thread.currentThread() instanceof WasmWorkerThread w)) {
      throw new IllegalStateException("WasmRuntime.run must be called on a sandbox worker thread");
    }
    if (w.stackBytes < 2 * wasmStackBytes) {
      throw new IllegalStateException("worker stack " + w.stackBytes + " is smaller than twice the wasm stack limit "
          + wasmStackBytes);
    }
  }
}
