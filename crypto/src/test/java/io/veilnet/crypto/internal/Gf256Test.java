package io.veilnet.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class Gf256Test {

  @Test
  void knownProducts_matchPolynomial0x11D() {
    assertThat(Gf256.mul(2, 0x80)).isEqualTo(0x1D);
    assertThat(Gf256.mul(0x53, 0xCA)).isEqualTo(naiveMul(0x53, 0xCA));
    assertThat(Gf256.mul(0, 0xFF)).isZero();
    assertThat(Gf256.mul(1, 0xAB)).isEqualTo(0xAB);
  }

  @Test
  void two_generatesAllNonZeroElements() {
    Set<Integer> seen = new HashSet<>();
    for (int e = 0; e < 255; e++) {
      seen.add(Gf256.exp(e));
    }
    assertThat(seen).hasSize(255).doesNotContain(0);
  }

  @Test
  void everyMultiplication_agreesWithNaiveAndConstantTimeVersions() {
    for (int a = 0; a < 256; a++) {
      for (int b = 0; b < 256; b++) {
        int expected = naiveMul(a, b);
        assertThat(Gf256.mul(a, b)).isEqualTo(expected);
        assertThat(Gf256.mulConstantTime(a, b)).isEqualTo(expected);
      }
    }
  }

  @Test
  void inverse_timesElementIsOne() {
    for (int a = 1; a < 256; a++) {
      assertThat(Gf256.mul(a, Gf256.inv(a))).isEqualTo(1);
    }
  }

  @Test
  void divisionByZero_fails() {
    assertThatThrownBy(() -> Gf256.div(3, 0)).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> Gf256.inv(0)).isInstanceOf(ArithmeticException.class);
  }

  @Test
  void singularMatrix_isRejected() {
    byte[][] m = {{1, 2}, {2, 4}};
    assertThatThrownBy(() -> Gf256.invert(m)).isInstanceOf(ArithmeticException.class);
  }

  @Property(tries = 200)
  void invertedMatrix_timesMatrixIsIdentity(
      @ForAll @IntRange(min = 1, max = 12) int n, @ForAll long seed) {
    java.util.Random random = new java.util.Random(seed);
    // a Vandermonde matrix with distinct points is always invertible
    byte[][] m = new byte[n][n];
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < n; c++) {
        m[r][c] = (byte) Gf256.pow(r + 1, c);
      }
    }
    // scale columns randomly (non-zero) to vary the matrices
    for (int c = 0; c < n; c++) {
      int s = 1 + random.nextInt(255);
      for (int r = 0; r < n; r++) {
        m[r][c] = (byte) Gf256.mul(m[r][c], s);
      }
    }
    byte[][] product = Gf256.multiply(Gf256.invert(m), m);
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < n; c++) {
        assertThat(product[r][c]).isEqualTo((byte) (r == c ? 1 : 0));
      }
    }
  }

  @Property
  void evaluate_isHornerOfPowers(@ForAll byte c0, @ForAll byte c1, @ForAll byte c2,
      @ForAll @IntRange(min = 0, max = 255) int x) {
    int expected = (c0 & 0xFF) ^ Gf256.mul(c1, x) ^ Gf256.mul(c2, Gf256.pow(x, 2));
    assertThat(Gf256.evaluate(new byte[] {c0, c1, c2}, x)).isEqualTo(expected);
  }

  private static int naiveMul(int a, int b) {
    int p = 0;
    for (int i = 0; i < 8; i++) {
      if ((b & (1 << i)) != 0) {
        p ^= a << i;
      }
    }
    for (int bit = 15; bit >= 8; bit--) {
      if ((p & (1 << bit)) != 0) {
        p ^= 0x11D << (bit - 8);
      }
    }
    return p;
  }
}
