package io.veilnet.wasmhost;

/**
 * Base of every sandbox failure. Messages name the cause and never contain job input or output.
 */
public abstract sealed class WasmException extends RuntimeException
    permits AdmissionException, LimitExceededException, WasmTrapException, JobRejectedException {
  private static final long serialVersionUID = 1L;

  WasmException(String message, Throwable cause) {
    super(message, cause);
  }
}
