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

  /**
   * {@link #seal(byte[], byte[], byte[])} without allocating: encrypts {@code in[inOff, inOff+len)}
   * and writes {@code ciphertext ‖ tag} into {@code out} at {@code outOff}, for hot paths that
   * build packets in place. {@code out} must not overlap the input range.
   *
   * @return bytes written: {@code len + tagSize}
   * @throws IndexOutOfBoundsException if a range lies outside its array
   */
  int seal(byte[] nonce, byte[] in, int inOff, int len, byte[] associatedData, byte[] out,
      int outOff);

  /**
   * {@link #open(byte[], byte[], byte[])} without allocating: decrypts {@code ciphertext ‖ tag}
   * in {@code in[inOff, inOff+len)} and writes the plaintext into {@code out} at {@code outOff}
   * only if it authenticates. {@code out} must not overlap the input range.
   *
   * @return bytes written: {@code len - tagSize}
   * @throws DecryptionException on any authentication failure, or if {@code len < tagSize}
   * @throws IndexOutOfBoundsException if a range lies outside its array
   */
  int open(byte[] nonce, byte[] in, int inOff, int len, byte[] associatedData, byte[] out,
      int outOff);
}
