package io.veilnet.crypto.internal;

import org.bouncycastle.crypto.engines.ChaChaEngine;

/**
 * Not API. HChaCha20 (draft-irtf-cfrg-xchacha §2.2): the XChaCha20 subkey from a 256-bit key and
 * the first 16 bytes of a 24-byte nonce. Uses Bouncy Castle's ChaCha core, which returns {@code
 * permute(state) + state}; HChaCha20 is the permutation alone, so the input words are subtracted
 * again from the eight output words.
 */
public final class HChaCha20 {
  private static final int[] SIGMA = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};

  private HChaCha20() {}

  /** Key as eight little-endian words. */
  public static int[] keyWords(byte[] key) {
    int[] w = new int[8];
    for (int i = 0; i < 8; i++) {
      w[i] = littleEndian(key, 4 * i);
    }
    return w;
  }

  /** Writes the 32-byte subkey for {@code nonce[nonceOff, nonceOff+16)} into {@code out}. */
  public static void subkey(int[] keyWords, byte[] nonce, int nonceOff, byte[] out) {
    int[] state = new int[16];
    int[] x = new int[16];
    System.arraycopy(SIGMA, 0, state, 0, 4);
    System.arraycopy(keyWords, 0, state, 4, 8);
    for (int i = 0; i < 4; i++) {
      state[12 + i] = littleEndian(nonce, nonceOff + 4 * i);
    }
    ChaChaEngine.chachaCore(20, state, x);
    for (int i = 0; i < 4; i++) {
      putLittleEndian(x[i] - state[i], out, 4 * i);
      putLittleEndian(x[12 + i] - state[12 + i], out, 16 + 4 * i);
    }
    java.util.Arrays.fill(state, 0);
    java.util.Arrays.fill(x, 0);
  }

  private static int littleEndian(byte[] b, int off) {
    return (b[off] & 0xff)
        | (b[off + 1] & 0xff) << 8
        | (b[off + 2] & 0xff) << 16
        | (b[off + 3] & 0xff) << 24;
  }

  private static void putLittleEndian(int v, byte[] b, int off) {
    b[off] = (byte) v;
    b[off + 1] = (byte) (v >>> 8);
    b[off + 2] = (byte) (v >>> 16);
    b[off + 3] = (byte) (v >>> 24);
  }
}
