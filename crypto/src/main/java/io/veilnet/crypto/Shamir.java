package io.veilnet.crypto;

import io.veilnet.crypto.internal.Gf256;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Shamir secret sharing over GF(2^8) (polynomial {@code 0x11D}), byte by byte: each secret byte is
 * the constant term of its own random polynomial of degree {@code threshold - 1}; share {@code i}
 * holds the polynomials evaluated at {@code x = i}. Any {@code threshold} shares give the secret
 * by Lagrange interpolation at 0; fewer reveal nothing about it. Multiplications that touch secret
 * values run in constant time. Shares carry the threshold, so {@link #combine} can refuse too few.
 *
 * <p>This is plain (unverifiable) sharing: a corrupted share yields a wrong secret, not an error.
 * Authenticate what you recombine (for example, the secret is an AEAD key whose tag checks it).
 */
public final class Shamir {
  /** Most shares per secret: the non-zero x-coordinates of GF(2^8). */
  public static final int MAX_SHARES = 255;

  private Shamir() {}

  /**
   * Splits {@code secret} into {@code shares} shares, any {@code threshold} of which recombine it.
   * Share indices are 1..shares. With {@code threshold == 1} every share equals the secret.
   *
   * @throws IllegalArgumentException if the secret is null or empty, {@code shares} is not in
   *     1..255 or {@code threshold} is not in 1..shares
   */
  public static List<SecretShare> split(
      byte[] secret, int threshold, int shares, SecureRandom random) {
    if (secret == null || secret.length == 0) {
      throw new IllegalArgumentException("secret must not be null or empty");
    }
    if (shares < 1 || shares > MAX_SHARES) {
      throw new IllegalArgumentException(
          "shares must be in 1.." + MAX_SHARES + ", got " + shares);
    }
    if (threshold < 1 || threshold > shares) {
      throw new IllegalArgumentException(
          "threshold must be in 1.." + shares + " (1..shares), got " + threshold);
    }
    Objects.requireNonNull(random, "random");
    int len = secret.length;
    // coefficients[d][b]: coefficient of x^d in the polynomial of byte b; degree 0 is the secret
    byte[][] coefficients = new byte[threshold][];
    coefficients[0] = secret;
    for (int d = 1; d < threshold; d++) {
      coefficients[d] = new byte[len];
      random.nextBytes(coefficients[d]);
    }
    try {
      List<SecretShare> out = new ArrayList<>(shares);
      for (int x = 1; x <= shares; x++) {
        byte[] value = new byte[len];
        for (int b = 0; b < len; b++) {
          int acc = 0;
          for (int d = threshold - 1; d >= 0; d--) {
            acc = Gf256.mulConstantTime(acc, x) ^ (coefficients[d][b] & 0xFF);
          }
          value[b] = (byte) acc;
        }
        out.add(SecretShare.wrap(x, threshold, value));
      }
      return List.copyOf(out);
    } finally {
      for (int d = 1; d < threshold; d++) {
        Bytes.zero(coefficients[d]);
      }
    }
  }

  /**
   * Recombines the secret from at least {@code threshold} shares of one split. When more are
   * given, the {@code threshold} first in iteration order are used.
   *
   * @throws IllegalArgumentException if the collection is null or empty, holds a null or closed
   *     share, shares disagree on threshold or length, an index repeats, or there are fewer shares
   *     than the threshold
   */
  public static byte[] combine(Collection<SecretShare> shares) {
    if (shares == null || shares.isEmpty()) {
      throw new IllegalArgumentException("no shares given");
    }
    List<SecretShare> list = new ArrayList<>(shares);
    SecretShare first = list.get(0);
    if (first == null) {
      throw new IllegalArgumentException("share 0 of the collection is null");
    }
    int threshold = first.threshold();
    int len = first.length();
    boolean[] seen = new boolean[MAX_SHARES + 1];
    for (int i = 0; i < list.size(); i++) {
      SecretShare s = list.get(i);
      if (s == null) {
        throw new IllegalArgumentException("share " + i + " of the collection is null");
      }
      if (s.isDestroyed()) {
        throw new IllegalArgumentException("share with index " + s.index() + " has been closed");
      }
      if (s.threshold() != threshold) {
        throw new IllegalArgumentException("shares disagree on the threshold: " + threshold
            + " and " + s.threshold() + " (share index " + s.index() + ")");
      }
      if (s.length() != len) {
        throw new IllegalArgumentException("shares disagree on the length: " + len + " and "
            + s.length() + " bytes (share index " + s.index() + ")");
      }
      if (seen[s.index()]) {
        throw new IllegalArgumentException("duplicate share index " + s.index());
      }
      seen[s.index()] = true;
    }
    if (list.size() < threshold) {
      throw new IllegalArgumentException("need " + threshold + " shares to recombine, got "
          + list.size());
    }
    List<SecretShare> used = list.subList(0, threshold);
    // Lagrange basis at 0: l_i = Π_{j≠i} x_j / (x_j - x_i); indices are public, tables are fine
    int[] lagrange = new int[threshold];
    for (int i = 0; i < threshold; i++) {
      int xi = used.get(i).index();
      int num = 1;
      int den = 1;
      for (int j = 0; j < threshold; j++) {
        if (j != i) {
          int xj = used.get(j).index();
          num = Gf256.mul(num, xj);
          den = Gf256.mul(den, xj ^ xi);
        }
      }
      lagrange[i] = Gf256.div(num, den);
    }
    byte[] secret = new byte[len];
    for (int i = 0; i < threshold; i++) {
      SecretShare s = used.get(i);
      s.checkLive();
      int l = lagrange[i];
      for (int b = 0; b < len; b++) {
        secret[b] ^= (byte) Gf256.mulConstantTime(l, s.valueAt(b));
      }
    }
    return secret;
  }
}
