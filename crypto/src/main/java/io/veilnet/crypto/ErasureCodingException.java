package io.veilnet.crypto;

/** Erasure decoding is impossible, e.g. fewer than k shards are present. */
public final class ErasureCodingException extends CryptoException {
  private static final long serialVersionUID = 1L;

  public ErasureCodingException(String message) {
    super(message);
  }
}
