package io.veilnet.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.veilnet.crypto.testing.Tally;
import io.veilnet.crypto.testing.WycheproofVectors;
import io.veilnet.crypto.testing.WycheproofVectors.Result;
import org.junit.jupiter.api.Test;

/**
 * Runs every case of Wycheproof {@code ed25519_test.json}. A group whose public key our strict
 * {@link Ed25519PublicKey#of} rejects counts each of its cases as rejected (so a valid case there
 * would fail the test). The file has no "acceptable" cases.
 */
class Ed25519WycheproofTest {

  @Test
  void wycheproofEd25519_validAcceptedInvalidRejected() {
    WycheproofVectors.Suite suite = WycheproofVectors.load("ed25519_test.json");
    Tally tally = new Tally("ed25519_test.json");
    for (WycheproofVectors.Group group : suite.groups()) {
      Ed25519PublicKey key;
      try {
        key = Ed25519PublicKey.of(WycheproofVectors.hexOf(group.object("publicKey"), "pk"));
      } catch (IllegalArgumentException e) {
        key = null;
      }
      for (WycheproofVectors.TestCase t : group.tests()) {
        boolean ok = key != null && key.verify(t.hex("msg"), t.hex("sig"));
        record(tally, t, ok);
      }
    }
    tally.print();
    assertThat(tally.failures()).isEmpty();
    assertThat(tally.total()).isEqualTo(suite.numberOfTests()).isEqualTo(151);
  }

  static void record(Tally tally, WycheproofVectors.TestCase t, boolean accepted) {
    if (t.result() == Result.VALID) {
      if (accepted) {
        tally.validPassed();
      } else {
        tally.fail(t, "valid case rejected");
      }
    } else if (t.result() == Result.INVALID) {
      if (accepted) {
        tally.fail(t, "invalid case accepted");
      } else {
        tally.invalidRejected();
      }
    } else {
      tally.acceptable(accepted);
    }
  }
}
