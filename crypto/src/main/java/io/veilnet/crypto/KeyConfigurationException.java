package io.veilnet.crypto;

/**
 * A key could not be loaded from configuration (environment variable, file, flag). The message is
 * meant for an operator: it names the setting and what is wrong, and never echoes the value.
 */
public final class KeyConfigurationException extends CryptoException {
  private static final long serialVersionUID = 1L;

  public KeyConfigurationException(String message) {
    super(message);
  }
}
