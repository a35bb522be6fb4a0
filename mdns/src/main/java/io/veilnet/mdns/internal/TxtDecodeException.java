package io.veilnet.mdns.internal;

/** A TXT record that is not a well-formed Veilnet layout. The message never echoes record bytes. */
public final class TxtDecodeException extends Exception {
  private static final long serialVersionUID = 1L;

  TxtDecodeException(String message) {
    super(message, null, false, false);
  }
}
