package io.veilnet.crypto.internal;

/** Argument checks whose messages never echo the (possibly secret) input. */
public final class Checks {
  private Checks() {}

  /** Requires {@code bytes} to be non-null and exactly {@code length} long. */
  public static byte[] requireLength(byte[] bytes, int length, String what) {
    if (bytes == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    if (bytes.length != length) {
      throw new IllegalArgumentException(
          what + " must be " + length + " bytes, got " + bytes.length);
    }
    return bytes;
  }

  /** Requires a non-null argument (IllegalArgumentException, like every other input check here). */
  public static <T> T requireNonNull(T value, String what) {
    if (value == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    return value;
  }
}
