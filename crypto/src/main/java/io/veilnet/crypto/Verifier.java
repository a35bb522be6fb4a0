package io.veilnet.crypto;

/**
 * Checks signatures against one public key. Thread-safe and side-effect free.
 *
 * <p>{@link #verify} answers {@code false} for any signature that is not valid, including
 * malformed, truncated or over-long signature bytes; it never throws for bad signature input.
 * It throws only for a {@code null} argument (a programming error).
 */
public interface Verifier {

  /** Whether {@code signature} is a valid signature over {@code message} under this key. */
  boolean verify(byte[] message, byte[] signature);
}
