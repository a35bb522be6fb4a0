package io.veilnet.crypto;

import io.veilnet.crypto.internal.Checks;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * A 20-byte Ethereum account address: the last 20 bytes of Keccak-256 of the uncompressed
 * secp256k1 public key (without its {@code 0x04} prefix). Immutable; equality is constant time.
 * {@link #toString()} and {@link #toChecksumString()} give the EIP-55 mixed-case form.
 */
public final class EthereumAddress {
  public static final int LENGTH = 20;

  private final byte[] bytes;

  private EthereumAddress(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Wraps a copy of 20 address bytes. */
  public static EthereumAddress of(byte[] bytes) {
    return new EthereumAddress(Checks.requireLength(bytes, LENGTH, "Ethereum address").clone());
  }

  /** The address of {@code publicKey}. */
  public static EthereumAddress fromPublicKey(Secp256k1PublicKey publicKey) {
    Checks.requireNonNull(publicKey, "publicKey");
    byte[] uncompressed = publicKey.uncompressed();
    byte[] hash = Keccak.keccak256(Arrays.copyOfRange(uncompressed, 1, uncompressed.length));
    return new EthereumAddress(Arrays.copyOfRange(hash, 12, 32));
  }

  /**
   * Parses 40 hex digits with an optional {@code 0x} prefix. All-lower-case and all-upper-case
   * input is accepted as is (it carries no checksum); mixed case must be a correct EIP-55
   * checksum.
   *
   * @throws IllegalArgumentException on a wrong length, a non-hex character or a wrong checksum
   */
  public static EthereumAddress parse(String text) {
    Checks.requireNonNull(text, "address");
    String h = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
    if (h.length() != 2 * LENGTH) {
      throw new IllegalArgumentException(
          "Ethereum address must be 40 hex digits, got " + h.length() + " characters");
    }
    for (int i = 0; i < h.length(); i++) {
      if (Character.digit(h.charAt(i), 16) < 0) {
        throw new IllegalArgumentException("Ethereum address contains a non-hex character at " + i);
      }
    }
    EthereumAddress address = new EthereumAddress(Bytes.fromHex(h));
    boolean allLower = h.equals(h.toLowerCase(Locale.ROOT));
    boolean allUpper = h.equals(h.toUpperCase(Locale.ROOT));
    if (!allLower && !allUpper && !address.checksumHex().equals(h)) {
      throw new IllegalArgumentException(
          "Ethereum address has a wrong EIP-55 checksum (mixed case that does not match): " + text);
    }
    return address;
  }

  /** A copy of the 20 bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** EIP-55 checksummed form with {@code 0x} prefix. */
  public String toChecksumString() {
    return "0x" + checksumHex();
  }

  /** Lower-case form with {@code 0x} prefix. */
  public String toLowerCaseString() {
    return "0x" + Bytes.toHex(bytes);
  }

  private String checksumHex() {
    String lower = Bytes.toHex(bytes);
    byte[] hash = Keccak.keccak256(lower.getBytes(StandardCharsets.US_ASCII));
    StringBuilder b = new StringBuilder(lower.length());
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      int nibble = (hash[i >> 1] >> ((i & 1) == 0 ? 4 : 0)) & 0xf;
      b.append(c >= 'a' && nibble >= 8 ? Character.toUpperCase(c) : c);
    }
    return b.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EthereumAddress other && Bytes.constantTimeEquals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return toChecksumString();
  }
}
