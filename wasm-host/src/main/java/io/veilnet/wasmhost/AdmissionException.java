package io.veilnet.wasmhost;

/** The module was refused before running: malformed, a forbidden import, or an ABI violation. */
public final class AdmissionException extends WasmException {
  private static final long serialVersionUID = 1L;

  public AdmissionException(String reason) {
    super("module rejected: " + reason, null);
  }

  public AdmissionException(String reason, Throwable cause) {
    super("module rejected: " + reason, cause);
  }
}
