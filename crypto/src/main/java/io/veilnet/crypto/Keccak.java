package io.veilnet.crypto;

import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * Keccak-256 as Ethereum uses it: the original Keccak padding, <em>not</em> FIPS 202 SHA3-256
 * (the two differ in one padding byte and give different digests).
 */
public final class Keccak {
  private Keccak() {}

  /** Keccak-256 of {@code data}: 32 bytes. */
  public static byte[] keccak256(byte[] data) {
    if (data == null) {
      throw new IllegalArgumentException("data must not be null");
    }
    KeccakDigest d = new KeccakDigest(256);
    d.update(data, 0, data.length);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }
}
