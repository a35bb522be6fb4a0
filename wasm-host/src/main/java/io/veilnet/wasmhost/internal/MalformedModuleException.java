package io.veilnet.wasmhost.internal;

/** The module bytes do not follow the WASM binary format (or a feature we do not accept). */
public final class MalformedModuleException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean unsupportedFeature;

  public MalformedModuleException(String message) {
    this(message, false);
  }

  private MalformedModuleException(String message, boolean unsupportedFeature) {
    super(message);
    this.unsupportedFeature = unsupportedFeature;
  }

  /** A well-formed module that uses a feature the sandbox does not accept (SIMD, tail calls, ...). */
  public static MalformedModuleException unsupported(String message) {
    return new MalformedModuleException(message, true);
  }

  public boolean unsupportedFeature() {
    return unsupportedFeature;
  }

  /** The admission error for this failure: "malformed module: ..." or "unsupported feature: ...". */
  public io.veilnet.wasmhost.AdmissionException toAdmissionError() {
    return new io.veilnet.wasmhost.AdmissionException(
        (unsupportedFeature ? "unsupported feature: " : "malformed module: ") + getMessage());
  }
}
