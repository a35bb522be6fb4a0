package io.veilnet.kademlia.internal;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Secure randomness for event loops: a DRBG (NIST SP 800-90A) seeded once from the OS, so that
 * ephemeral keys and session indexes never read {@code /dev/urandom} (a blocking call) on a loop.
 */
final class Randoms {
  private Randoms() {}

  static SecureRandom forEventLoop() {
    try {
      SecureRandom r = SecureRandom.getInstance("DRBG");
      r.nextBytes(new byte[1]); // instantiate (and seed) now, off the loop
      return r;
    } catch (NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }
}
