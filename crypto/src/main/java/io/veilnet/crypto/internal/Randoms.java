package io.veilnet.crypto.internal;

import java.security.SecureRandom;

/** Not API. Per-thread {@link SecureRandom}s, so that nonce generation does not contend. */
public final class Randoms {
  private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(SecureRandom::new);

  private Randoms() {}

  /** Fills {@code out[0, len)} with random bytes. */
  public static void nextBytes(byte[] out, int len) {
    if (len == out.length) {
      RANDOM.get().nextBytes(out);
    } else {
      byte[] tmp = new byte[len];
      RANDOM.get().nextBytes(tmp);
      System.arraycopy(tmp, 0, out, 0, len);
    }
  }

  /** {@code len} fresh random bytes. */
  public static byte[] bytes(int len) {
    byte[] b = new byte[len];
    RANDOM.get().nextBytes(b);
    return b;
  }
}
