package io.veilnet.wasmhost;

/** The worker pool is saturated (its bounded queue is full) or closed; retry later or elsewhere. */
public final class JobRejectedException extends WasmException {
  private static final long serialVersionUID = 1L;

  public JobRejectedException(String message) {
    super(message, null);
  }
}
