package io.veilnet.wasmhost;

/** The module trapped inside {@code alloc}/{@code run}, or returned output that breaks the ABI. */
public final class WasmTrapException extends WasmException {
  private static final long serialVersionUID = 1L;

  public WasmTrapException(String message) {
    super(message, null);
  }

  public WasmTrapException(String message, Throwable cause) {
    super(message, cause);
  }
}
