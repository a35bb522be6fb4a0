package io.veilnet.crypto;

import io.veilnet.crypto.internal.SecretBytes;

/**
 * The result of {@link MlKem768PublicKey#encapsulate}: a ciphertext for the key holder and the
 * 32-byte shared secret. {@link #close()} zeroes the secret.
 */
public final class MlKem768Encapsulation implements AutoCloseable {
  private final byte[] ciphertext;
  private final SecretBytes sharedSecret;

  MlKem768Encapsulation(byte[] ciphertext, byte[] sharedSecret) {
    this.ciphertext = ciphertext;
    this.sharedSecret = new SecretBytes(sharedSecret);
  }

  /** The 1,088-byte ciphertext (a copy). */
  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  /** A copy of the 32-byte shared secret; zero it when done. */
  public byte[] sharedSecret() {
    return sharedSecret.copy();
  }

  /** Zeroes the shared secret. Idempotent. */
  @Override
  public void close() {
    sharedSecret.close();
  }

  @Override
  public String toString() {
    return "MlKem768Encapsulation[ciphertext " + ciphertext.length + " bytes, secret redacted]";
  }
}
