package io.veilnet.crypto.internal;

import io.veilnet.crypto.AeadAlgorithm;
import io.veilnet.crypto.CryptoException;
import io.veilnet.crypto.DecryptionException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.modes.XChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Not API. (X)ChaCha20-Poly1305 on Bouncy Castle's lightweight API, kept as the measured
 * alternative to the JDK provider (see docs/benchmarks.md) and as a cross-check in tests.
 */
public final class BcChaCha20Poly1305Aead extends AbstractAead {
  private static final ThreadLocal<ChaCha20Poly1305> CHACHA =
      ThreadLocal.withInitial(ChaCha20Poly1305::new);
  private static final ThreadLocal<ChaCha20Poly1305> XCHACHA =
      ThreadLocal.withInitial(XChaCha20Poly1305::new);

  private final KeyParameter key;
  private final ThreadLocal<ChaCha20Poly1305> cipher;

  public BcChaCha20Poly1305Aead(AeadAlgorithm algorithm, byte[] keyBytes) {
    super(algorithm);
    if (algorithm == AeadAlgorithm.CHACHA20_POLY1305) {
      cipher = CHACHA;
    } else if (algorithm == AeadAlgorithm.XCHACHA20_POLY1305) {
      cipher = XCHACHA;
    } else {
      throw new IllegalArgumentException("not a ChaCha AEAD: " + algorithm);
    }
    this.key = new KeyParameter(keyBytes);
  }

  private AEADParameters params(byte[] nonce, int nonceOff, byte[] aad) {
    int n = algorithm().nonceSize();
    byte[] iv = new byte[n];
    System.arraycopy(nonce, nonceOff, iv, 0, n);
    return new AEADParameters(key, 128, iv, aad);
  }

  @Override
  public int seal(
      byte[] nonce, int nonceOff, byte[] in, int inOff, int len, byte[] aad, byte[] out, int outOff) {
    ChaCha20Poly1305 c = cipher.get();
    try {
      c.init(true, params(nonce, nonceOff, aad));
    } catch (IllegalArgumentException sameKeyAndNonce) {
      // BC, like the JDK, refuses to encrypt twice in a row under one key and nonce.
      c = algorithm() == AeadAlgorithm.CHACHA20_POLY1305 ? new ChaCha20Poly1305() : new XChaCha20Poly1305();
      c.init(true, params(nonce, nonceOff, aad));
      cipher.set(c);
    }
    int n = c.processBytes(in, inOff, len, out, outOff);
    try {
      return n + c.doFinal(out, outOff + n);
    } catch (InvalidCipherTextException e) {
      throw new CryptoException("encryption failed", e);
    }
  }

  @Override
  public int open(
      byte[] nonce, int nonceOff, byte[] in, int inOff, int len, byte[] aad, byte[] out, int outOff) {
    ChaCha20Poly1305 c = cipher.get();
    try {
      c.init(false, params(nonce, nonceOff, aad));
      // BC buffers the last 16 bytes (the tag candidate) but releases plaintext as it goes; write
      // into a scratch buffer so that nothing reaches `out` before the tag has been checked.
      byte[] tmp = new byte[len - 16];
      int n = c.processBytes(in, inOff, len, tmp, 0);
      n += c.doFinal(tmp, n);
      System.arraycopy(tmp, 0, out, outOff, n);
      java.util.Arrays.fill(tmp, (byte) 0);
      return n;
    } catch (InvalidCipherTextException | RuntimeException e) {
      c.reset();
      throw new DecryptionException();
    }
  }
}
