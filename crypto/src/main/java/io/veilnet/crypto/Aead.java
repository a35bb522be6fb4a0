package io.veilnet.crypto;

/**
 * Authenticated encryption with associated data. Instances are immutable and thread-safe; create
 * them with {@link Aeads#create(AeadAlgorithm, SymmetricKey)}. Every decryption failure is a
 * {@link DecryptionException} that says nothing more.
 */
public interface Aead {

  AeadAlgorithm algorithm();

  /**
   * Encrypts with a fresh random nonce.
   *
   * @return {@code nonce ‖ ciphertext ‖ tag}
   */
  byte[] encrypt(byte[] plaintext, byte[] associatedData);

  /** Reverses {@link #encrypt}: input is {@code nonce ‖ ciphertext ‖ tag}. */
  byte[] decrypt(byte[] nonceCiphertextTag, byte[] associatedData);

  /**
   * Encrypts under a caller-managed nonce (e.g. a transport counter). The caller guarantees the
   * nonce is never reused with this key.
   *
   * @return {@code ciphertext ‖ tag}
   */
  byte[] seal(byte[] nonce, byte[] plaintext, byte[] associatedData);

  /** Reverses {@link #seal}. */
  byte[] open(byte[] nonce, byte[] ciphertextTag, byte[] associatedData);
}
