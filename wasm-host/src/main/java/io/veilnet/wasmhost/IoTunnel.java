package io.veilnet.wasmhost;

/**
 * The encrypted I/O tunnel of a job: input and output cross every host-visible path only as AEAD
 * ciphertext, padded to fixed blocks so the length leaks only as a block count. Implementations
 * are immutable and thread-safe; create them with {@link IoTunnels}.
 *
 * <p>Format of one message: {@code AEAD(nonce ‖ ciphertext ‖ tag)} over
 * {@code pad(u32 length ‖ plaintext)} to a multiple of {@link #blockSize()}; see docs/wasm-abi.md.
 */
public interface IoTunnel {

  /** Encrypts under a fresh random nonce; the result length depends only on the block count. */
  byte[] encrypt(byte[] plaintext);

  /**
   * Decrypts and strips padding.
   *
   * @throws io.veilnet.crypto.DecryptionException wrong key, tampering or bad framing
   */
  byte[] decrypt(byte[] ciphertext);

  /** Padding block size in bytes. */
  int blockSize();
}
