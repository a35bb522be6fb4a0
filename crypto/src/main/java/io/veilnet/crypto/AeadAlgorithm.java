package io.veilnet.crypto;

/** The AEAD ciphers Veilnet uses, with their fixed sizes in bytes. */
public enum AeadAlgorithm {
  AES_128_GCM(16, 12, 16),
  AES_256_GCM(32, 12, 16),
  CHACHA20_POLY1305(32, 12, 16),
  XCHACHA20_POLY1305(32, 24, 16);

  private final int keySize;
  private final int nonceSize;
  private final int tagSize;

  AeadAlgorithm(int keySize, int nonceSize, int tagSize) {
    this.keySize = keySize;
    this.nonceSize = nonceSize;
    this.tagSize = tagSize;
  }

  public int keySize() {
    return keySize;
  }

  public int nonceSize() {
    return nonceSize;
  }

  public int tagSize() {
    return tagSize;
  }
}
