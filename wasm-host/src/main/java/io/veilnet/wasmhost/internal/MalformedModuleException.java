package io.veilnet.wasmhost.internal;

/** The module bytes do not follow the WASM binary format (or a feature we do not accept). */
public final class MalformedModuleException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MalformedModuleException(String message) {
    super(message);
  }
}
