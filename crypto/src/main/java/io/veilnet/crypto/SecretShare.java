package io.veilnet.crypto;

import java.util.Arrays;

/**
 * One share of a secret split by {@link Shamir}: the x-coordinate {@code index} (1..255), the
 * {@code threshold} of shares needed to recombine, and the share bytes (one GF(2^8) value per
 * secret byte). Immutable apart from {@link #close()}, which zeroes the value; afterwards
 * {@link #value()} fails. {@link #toString()} never shows the value; equality compares the value in
 * constant time.
 */
public final class SecretShare implements AutoCloseable {
  private final int index;
  private final int threshold;
  private final byte[] value;
  private volatile boolean destroyed;

  private SecretShare(int index, int threshold, byte[] value) {
    this.index = index;
    this.threshold = threshold;
    this.value = value;
  }

  /**
   * A share from its parts (for example read back from storage); {@code value} is copied.
   *
   * @throws IllegalArgumentException unless {@code 1 <= index <= 255}, {@code 1 <= threshold <=
   *     255} and {@code value} is non-empty
   */
  public static SecretShare of(int index, int threshold, byte[] value) {
    if (index < 1 || index > Shamir.MAX_SHARES) {
      throw new IllegalArgumentException(
          "share index must be in 1.." + Shamir.MAX_SHARES + ", got " + index);
    }
    if (threshold < 1 || threshold > Shamir.MAX_SHARES) {
      throw new IllegalArgumentException(
          "threshold must be in 1.." + Shamir.MAX_SHARES + ", got " + threshold);
    }
    if (value == null || value.length == 0) {
      throw new IllegalArgumentException("share value must not be null or empty");
    }
    return new SecretShare(index, threshold, value.clone());
  }

  /** Takes ownership of {@code value} (no copy); for {@link Shamir}. */
  static SecretShare wrap(int index, int threshold, byte[] value) {
    return new SecretShare(index, threshold, value);
  }

  /** The x-coordinate, 1..255. */
  public int index() {
    return index;
  }

  /** How many shares {@link Shamir#combine} needs. */
  public int threshold() {
    return threshold;
  }

  /** Length of the value, equal to the length of the secret. */
  public int length() {
    return value.length;
  }

  /** A copy of the share bytes; the caller should zero it when done. */
  public byte[] value() {
    checkLive();
    return value.clone();
  }

  /** Reads the value without copying; for {@link Shamir}. */
  byte valueAt(int i) {
    return value[i];
  }

  void checkLive() {
    if (destroyed) {
      throw new IllegalStateException("share " + index + " has been closed");
    }
  }

  public boolean isDestroyed() {
    return destroyed;
  }

  /** Zeroes the value. Idempotent. */
  @Override
  public void close() {
    destroyed = true;
    Arrays.fill(value, (byte) 0);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SecretShare other
        && index == other.index
        && threshold == other.threshold
        && Bytes.constantTimeEquals(value, other.value);
  }

  @Override
  public int hashCode() {
    return 31 * index + threshold; // never derived from the value
  }

  @Override
  public String toString() {
    return "SecretShare[index=" + index + ", threshold=" + threshold + ", " + value.length
        + " bytes, redacted]";
  }
}
