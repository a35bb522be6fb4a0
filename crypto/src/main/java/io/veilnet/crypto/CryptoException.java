package io.veilnet.crypto;

/**
 * Base of every failure raised by the crypto module. Unchecked, so that reactive pipelines can
 * carry it as an error signal without wrapping. Messages never contain key material or plaintext.
 */
public class CryptoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CryptoException(String message) {
    super(message);
  }

  public CryptoException(String message, Throwable cause) {
    super(message, cause);
  }
}
