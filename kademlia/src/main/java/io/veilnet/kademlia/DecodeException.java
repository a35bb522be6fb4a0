package io.veilnet.kademlia;

/**
 * The one error every Kademlia decoder throws for malformed input: truncated, oversized, unknown
 * version or type, or a field out of range. Unchecked; callers at the network edge turn it into a
 * counted drop, never into a failed stream.
 */
public final class DecodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DecodeException(String message) {
    super(message, null, false, false);
  }
}
