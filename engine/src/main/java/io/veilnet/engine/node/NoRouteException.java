package io.veilnet.engine.node;

/** Neither the known peers nor a DHT lookup led to the destination. */
public final class NoRouteException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NoRouteException(String message) {
    super(message);
  }
}
