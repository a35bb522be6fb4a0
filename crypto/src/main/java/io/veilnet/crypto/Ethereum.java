package io.veilnet.crypto;

import io.veilnet.crypto.internal.Checks;
import java.nio.charset.StandardCharsets;

/** Ethereum message-signing conventions. */
public final class Ethereum {
  private static final byte[] PERSONAL_PREFIX =
      "\u0019Ethereum Signed Message:\n".getBytes(StandardCharsets.US_ASCII);

  private Ethereum() {}

  /**
   * EIP-191 version 0x45 ("personal_sign") hash:
   * {@code keccak256("\x19Ethereum Signed Message:\n" ‖ decimal(len(message)) ‖ message)}.
   */
  public static byte[] personalSignHash(byte[] message) {
    Checks.requireNonNull(message, "message");
    byte[] len = Integer.toString(message.length).getBytes(StandardCharsets.US_ASCII);
    return Keccak.keccak256(Bytes.concat(PERSONAL_PREFIX, len, message));
  }

  /** Signs {@code message} the way {@code personal_sign} does; returns 65 bytes {@code r‖s‖v}, v = 27/28. */
  public static byte[] personalSign(Secp256k1PrivateKey key, byte[] message) {
    Checks.requireNonNull(key, "key");
    byte[] sig = key.signRecoverable(personalSignHash(message));
    sig[64] += 27;
    return sig;
  }

  /**
   * The address that produced a {@code personal_sign} signature over {@code message}
   * (recovery id 0/1 or 27/28 accepted).
   *
   * @throws CryptoException if the signature is malformed or recovers no key
   */
  public static EthereumAddress recoverPersonalSigner(byte[] message, byte[] signature65) {
    return Secp256k1PublicKey.recover(personalSignHash(message), signature65).address();
  }
}
