package io.veilnet.kademlia.internal;

/**
 * Sliding anti-replay window over 64-bit packet counters (RFC 6479 style, 2,048 bits): a counter
 * is fresh if it is above the highest seen, or within the window and not yet marked. Check
 * before decrypting, mark only after authentication. Confined to one thread.
 */
public final class ReplayWindow {
  public static final int SIZE = 2_048;
  private static final int WORDS = SIZE / 64;
  private final long[] bits = new long[WORDS];
  private long highest = -1;

  /** True if {@code counter} has not been seen and is not too old. */
  public boolean isFresh(long counter) {
    if (counter < 0) {
      return false;
    }
    if (counter > highest) {
      return true;
    }
    if (highest - counter >= SIZE - 64) {
      return false;
    }
    return (bits[(int) ((counter >>> 6) % WORDS)] & (1L << (counter & 63))) == 0;
  }

  /** Records an authenticated counter; returns false if it was not fresh. */
  public boolean mark(long counter) {
    if (!isFresh(counter)) {
      return false;
    }
    if (counter > highest) {
      long fromWord = highest < 0 ? 0 : (highest >>> 6) + 1;
      long toWord = counter >>> 6;
      for (long w = fromWord, i = 0; w <= toWord && i < WORDS; w++, i++) {
        bits[(int) (w % WORDS)] = 0;
      }
      highest = counter;
    }
    bits[(int) ((counter >>> 6) % WORDS)] |= 1L << (counter & 63);
    return true;
  }

  public long highest() {
    return highest;
  }
}
