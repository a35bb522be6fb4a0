package io.veilnet.crypto;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/** Small byte helpers used across the engine: constant-time comparison, hex, zeroing. */
public final class Bytes {
  private static final HexFormat HEX = HexFormat.of();

  private Bytes() {}

  /**
   * Compares two arrays in time that depends only on their lengths, never on their contents.
   * {@code null} equals only {@code null}.
   */
  public static boolean constantTimeEquals(byte[] a, byte[] b) {
    if (a == null || b == null) {
      return a == b;
    }
    return MessageDigest.isEqual(a, b);
  }

  /** Lower-case hex without prefix. */
  public static String toHex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  /**
   * Parses hex (upper or lower case, optional {@code 0x} prefix).
   *
   * @throws IllegalArgumentException with a message that does not echo the input (it may be a key)
   */
  public static byte[] fromHex(String hex) {
    String h = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
    if ((h.length() & 1) != 0) {
      throw new IllegalArgumentException("hex string has an odd number of digits (" + h.length() + ")");
    }
    try {
      return HEX.parseHex(h);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a hex string");
    }
  }

  /** Overwrites the array with zeros; null-safe. */
  public static void zero(byte[] secret) {
    if (secret != null) {
      Arrays.fill(secret, (byte) 0);
    }
  }

  /** Concatenates arrays into a new one. */
  public static byte[] concat(byte[]... parts) {
    int len = 0;
    for (byte[] p : parts) {
      len = Math.addExact(len, p.length);
    }
    byte[] out = new byte[len];
    int off = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, off, p.length);
      off += p.length;
    }
    return out;
  }
}
