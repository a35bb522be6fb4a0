package io.veilnet.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.veilnet.crypto.testing.Tally;
import io.veilnet.crypto.testing.WycheproofVectors;
import io.veilnet.crypto.testing.WycheproofVectors.Result;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Runs every case of Wycheproof {@code x25519_test.json}.
 *
 * <p>Policy for "acceptable" cases (twist points, non-canonical and low-order public keys, edge
 * cases of the ladder): we follow RFC 7748 and compute the function for every 32-byte input, so
 * an acceptable case must yield exactly the expected shared secret — except when that secret is
 * all zeros, where {@link X25519PrivateKey#agree} must refuse with {@link CryptoException}.
 */
class X25519WycheproofTest {

  @Test
  void wycheproofX25519_matchesExpectedSharedSecret_rejectsAllZero() {
    WycheproofVectors.Suite suite = WycheproofVectors.load("x25519_test.json");
    Tally tally = new Tally("x25519_test.json");
    for (WycheproofVectors.TestCase t : suite.allTests()) {
      byte[] expected = t.hex("shared");
      boolean zero = Arrays.equals(expected, new byte[32]);
      byte[] got;
      try (X25519PrivateKey k = X25519PrivateKey.of(t.hex("private"))) {
        got = k.agree(X25519PublicKey.of(t.hex("public")));
      } catch (CryptoException e) {
        got = null;
      }
      if (t.result() == Result.INVALID) {
        if (got == null) {
          tally.invalidRejected();
        } else {
          tally.fail(t, "invalid case accepted");
        }
      } else if (zero) {
        if (got == null) {
          tally.acceptable(false);
        } else {
          tally.fail(t, "all-zero shared secret not rejected");
        }
      } else if (got != null && Arrays.equals(got, expected)) {
        if (t.result() == Result.VALID) {
          tally.validPassed();
        } else {
          tally.acceptable(true);
        }
      } else {
        tally.fail(t, got == null ? "rejected" : "wrong shared secret");
      }
    }
    tally.print();
    assertThat(tally.failures()).isEmpty();
    assertThat(tally.total()).isEqualTo(suite.numberOfTests()).isEqualTo(518);
  }
}
