package io.veilnet.crypto.internal;

import io.veilnet.crypto.AeadAlgorithm;
import java.util.Arrays;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Not API. XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha §2.3): subkey = HChaCha20(key,
 * nonce[0..16)), then ChaCha20-Poly1305 (RFC 8439) under the subkey with nonce {@code 0x00000000 ‖
 * nonce[16..24)}, on the JDK provider. This is the construction Tink's {@code
 * XChaCha20Poly1305Jce} uses; ours also accepts caller nonces, which Tink's public classes do not.
 */
public final class XChaCha20Poly1305Aead extends AbstractAead {
  private final int[] keyWords;

  public XChaCha20Poly1305Aead(byte[] keyBytes) {
    super(AeadAlgorithm.XCHACHA20_POLY1305);
    this.keyWords = HChaCha20.keyWords(keyBytes);
  }

  private SecretKeySpec subkey(byte[] nonce, int nonceOff) {
    byte[] sub = new byte[32];
    HChaCha20.subkey(keyWords, nonce, nonceOff, sub);
    try {
      return new SecretKeySpec(sub, "ChaCha20");
    } finally {
      Arrays.fill(sub, (byte) 0);
    }
  }

  private static IvParameterSpec chachaNonce(byte[] nonce, int nonceOff) {
    byte[] n = new byte[12];
    System.arraycopy(nonce, nonceOff + 16, n, 4, 8);
    return new IvParameterSpec(n);
  }

  @Override
  public int seal(
      byte[] nonce, int nonceOff, byte[] in, int inOff, int len, byte[] aad, byte[] out, int outOff) {
    return Jce.seal(
        Jce.CHACHA20_POLY1305,
        subkey(nonce, nonceOff),
        chachaNonce(nonce, nonceOff),
        in, inOff, len, aad, out, outOff);
  }

  @Override
  public int open(
      byte[] nonce, int nonceOff, byte[] in, int inOff, int len, byte[] aad, byte[] out, int outOff) {
    return Jce.open(
        Jce.CHACHA20_POLY1305,
        subkey(nonce, nonceOff),
        chachaNonce(nonce, nonceOff),
        in, inOff, len, aad, out, outOff);
  }
}
