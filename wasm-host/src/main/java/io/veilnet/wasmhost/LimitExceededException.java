package io.veilnet.wasmhost;

import static java.util.Objects.requireNonNull;

/** A job hit one of its {@link Limits}; {@link #limit()} says which. */
public final class LimitExceededException extends WasmException {
  private static final long serialVersionUID = 1L;
  private final Limit limit;

  public LimitExceededException(Limit limit, String detail) {
    this(limit, detail, null);
  }

  public LimitExceededException(Limit limit, String detail, Throwable cause) {
    super(requireNonNull(limit, "limit").label() + " limit exceeded: " + detail, cause);
    this.limit = limit;
  }

  public Limit limit() {
    return limit;
  }
}
