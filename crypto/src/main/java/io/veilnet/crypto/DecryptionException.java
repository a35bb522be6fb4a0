package io.veilnet.crypto;

/**
 * Authenticated decryption failed: wrong key, wrong associated data, tampered or truncated input.
 * Deliberately says no more than that, so that a failure is no oracle for an attacker.
 */
public final class DecryptionException extends CryptoException {
  private static final long serialVersionUID = 1L;

  public DecryptionException() {
    super("decryption failed");
  }
}
