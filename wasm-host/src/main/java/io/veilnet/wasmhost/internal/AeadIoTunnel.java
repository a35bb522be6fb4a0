package io.veilnet.wasmhost.internal;

import io.veilnet.crypto.Aead;
import io.veilnet.crypto.CryptoException;
import io.veilnet.crypto.DecryptionException;
import io.veilnet.crypto.Padding;
import io.veilnet.wasmhost.IoTunnel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * {@code nonce ‖ AEAD(pad(plaintext, blockSize), ad) ‖ tag} with ISO/IEC 7816-4 padding
 * ({@code 0x80 0x00…}) from the crypto module, fixed associated data {@value #AD_STRING}.
 */
public final class AeadIoTunnel implements IoTunnel {
  static final String AD_STRING = "veilnet/wasm-io-tunnel/v1";
  private static final byte[] AD = AD_STRING.getBytes(StandardCharsets.US_ASCII);
  private final Aead aead;
  private final int blockSize;
  private final int overhead;

  public AeadIoTunnel(Aead aead, int blockSize) {
    this.aead = Objects.requireNonNull(aead, "aead");
    this.blockSize = blockSize;
    this.overhead = aead.algorithm().nonceSize() + aead.algorithm().tagSize();
  }

  @Override
  public byte[] encrypt(byte[] plaintext) {
    Objects.requireNonNull(plaintext, "plaintext");
    byte[] padded = Padding.pad(plaintext, blockSize);
    try {
      return aead.encrypt(padded, AD);
    } finally {
      Arrays.fill(padded, (byte) 0);
    }
  }

  @Override
  public byte[] decrypt(byte[] ciphertext) {
    Objects.requireNonNull(ciphertext, "ciphertext");
    int body = ciphertext.length - overhead;
    if (body < blockSize || body % blockSize != 0) {
      throw new DecryptionException();
    }
    byte[] padded = aead.decrypt(ciphertext, AD);
    try {
      return Padding.unpad(padded);
    } catch (CryptoException e) {
      throw new DecryptionException();
    } finally {
      Arrays.fill(padded, (byte) 0);
    }
  }

  @Override
  public int blockSize() {
    return blockSize;
  }

  @Override
  public String toString() {
    return "AeadIoTunnel[" + aead.algorithm() + ", block " + blockSize + "]";
  }
}
