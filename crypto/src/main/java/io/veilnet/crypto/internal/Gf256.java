package io.veilnet.crypto.internal;

/**
 * Arithmetic in GF(2^8) with the reduction polynomial x^8 + x^4 + x^3 + x^2 + 1 ({@code 0x11D}),
 * generator 2. Elements are ints in 0..255 (or bytes, read unsigned). Immutable tables, built once;
 * every method is pure and thread-safe. The table-driven methods are not constant time (lookups
 * depend on the operands); code that multiplies secret values uses {@link #mulConstantTime}.
 */
public final class Gf256 {
  /** The reduction polynomial, including the x^8 term. */
  public static final int POLYNOMIAL = 0x11D;

  private static final int[] EXP = new int[512];
  private static final int[] LOG = new int[256];
  /** MUL[a][b] = a * b, 64 KiB; used by the bytewise paths. */
  private static final byte[][] MUL = new byte[256][256];

  static {
    int x = 1;
    for (int i = 0; i < 255; i++) {
      EXP[i] = x;
      LOG[x] = i;
      x <<= 1;
      if ((x & 0x100) != 0) {
        x ^= POLYNOMIAL;
      }
    }
    for (int i = 255; i < EXP.length; i++) {
      EXP[i] = EXP[i - 255];
    }
    for (int a = 1; a < 256; a++) {
      for (int b = 1; b < 256; b++) {
        MUL[a][b] = (byte) EXP[LOG[a] + LOG[b]];
      }
    }
  }

  private Gf256() {}

  /** a + b (= a - b = a XOR b). */
  public static int add(int a, int b) {
    return (a ^ b) & 0xFF;
  }

  /** a * b. */
  public static int mul(int a, int b) {
    return MUL[a & 0xFF][b & 0xFF] & 0xFF;
  }

  /**
   * a * b without tables or branches on the operands (shift-and-add with masks), for secret data.
   */
  public static int mulConstantTime(int a, int b) {
    a &= 0xFF;
    b &= 0xFF;
    int p = 0;
    for (int i = 0; i < 8; i++) {
      p ^= a & -(b & 1);
      b >>>= 1;
      int carry = -((a >>> 7) & 1);
      a = ((a << 1) ^ (carry & POLYNOMIAL)) & 0xFF;
    }
    return p;
  }

  /** a / b; b must not be 0. */
  public static int div(int a, int b) {
    a &= 0xFF;
    b &= 0xFF;
    if (b == 0) {
      throw new ArithmeticException("division by zero in GF(2^8)");
    }
    if (a == 0) {
      return 0;
    }
    return EXP[LOG[a] + 255 - LOG[b]];
  }

  /** The multiplicative inverse of a; a must not be 0. */
  public static int inv(int a) {
    return div(1, a);
  }

  /** 2^e for any e >= 0. */
  public static int exp(int e) {
    return EXP[e % 255];
  }

  /** a^e for e >= 0 (0^0 = 1). */
  public static int pow(int a, int e) {
    a &= 0xFF;
    if (e == 0) {
      return 1;
    }
    if (a == 0) {
      return 0;
    }
    return EXP[(int) ((long) LOG[a] * e % 255)];
  }

  /** dst[i] ^= c * src[i] for i in [0, len), bytewise via the product table. */
  public static void mulAdd(int c, byte[] src, int srcOff, byte[] dst, int dstOff, int len) {
    byte[] row = MUL[c & 0xFF];
    for (int i = 0; i < len; i++) {
      dst[dstOff + i] ^= row[src[srcOff + i] & 0xFF];
    }
  }

  /**
   * Evaluates the polynomial with coefficients {@code coeffs[0] + coeffs[1] x + ...} at x
   * (Horner).
   */
  public static int evaluate(byte[] coeffs, int x) {
    int acc = 0;
    for (int i = coeffs.length - 1; i >= 0; i--) {
      acc = mul(acc, x) ^ (coeffs[i] & 0xFF);
    }
    return acc;
  }

  /**
   * The inverse of a square matrix, as a new matrix; {@code m} is left unchanged. Gauss–Jordan
   * elimination.
   *
   * @throws ArithmeticException if the matrix is singular
   */
  public static byte[][] invert(byte[][] m) {
    int n = m.length;
    byte[][] a = new byte[n][2 * n];
    for (int r = 0; r < n; r++) {
      if (m[r].length != n) {
        throw new IllegalArgumentException("matrix is not square");
      }
      System.arraycopy(m[r], 0, a[r], 0, n);
      a[r][n + r] = 1;
    }
    for (int col = 0; col < n; col++) {
      int pivot = col;
      while (pivot < n && a[pivot][col] == 0) {
        pivot++;
      }
      if (pivot == n) {
        throw new ArithmeticException("singular matrix");
      }
      byte[] tmp = a[pivot];
      a[pivot] = a[col];
      a[col] = tmp;
      int scale = inv(a[col][col]);
      byte[] srow = MUL[scale];
      for (int j = 0; j < 2 * n; j++) {
        a[col][j] = srow[a[col][j] & 0xFF];
      }
      for (int r = 0; r < n; r++) {
        int f = a[r][col] & 0xFF;
        if (r != col && f != 0) {
          byte[] frow = MUL[f];
          for (int j = 0; j < 2 * n; j++) {
            a[r][j] ^= frow[a[col][j] & 0xFF];
          }
        }
      }
    }
    byte[][] out = new byte[n][n];
    for (int r = 0; r < n; r++) {
      System.arraycopy(a[r], n, out[r], 0, n);
    }
    return out;
  }

  /** The matrix product a · b. */
  public static byte[][] multiply(byte[][] a, byte[][] b) {
    int rows = a.length;
    int inner = b.length;
    int cols = b[0].length;
    byte[][] out = new byte[rows][cols];
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < inner; i++) {
        int f = a[r][i] & 0xFF;
        if (f != 0) {
          byte[] frow = MUL[f];
          for (int c = 0; c < cols; c++) {
            out[r][c] ^= frow[b[i][c] & 0xFF];
          }
        }
      }
    }
    return out;
  }
}
