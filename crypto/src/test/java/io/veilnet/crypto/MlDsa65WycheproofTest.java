package io.veilnet.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.veilnet.crypto.testing.Tally;
import io.veilnet.crypto.testing.WycheproofVectors;
import org.junit.jupiter.api.Test;

/**
 * Runs every case of Wycheproof {@code mldsa_65_verify_test.json} (schema
 * {@code mldsa_verify_schema}) against {@link MlDsa65PublicKey}: groups whose public key has the
 * wrong length are rejected by {@link MlDsa65PublicKey#of}, so all their cases count as
 * rejected; cases with a {@code ctx} use the context-string overload (a context over 255 bytes
 * must make verification fail). Signing-side flags (e.g. "InvalidPrivateKey", "ZeroPublicKey")
 * only describe how the signature was made; the verifier must still give the stated result.
 */
class MlDsa65WycheproofTest {

  @Test
  void wycheproofMlDsa65_verify() {
    WycheproofVectors.Suite suite = WycheproofVectors.load("mldsa_65_verify_test.json");
    Tally tally = new Tally("mldsa_65_verify_test.json");
    for (WycheproofVectors.Group group : suite.groups()) {
      MlDsa65PublicKey key;
      try {
        key = MlDsa65PublicKey.of(group.hex("publicKey"));
      } catch (IllegalArgumentException e) {
        key = null;
      }
      for (WycheproofVectors.TestCase t : group.tests()) {
        boolean ok;
        if (key == null) {
          ok = false;
        } else if (t.has("ctx")) {
          ok = key.verify(t.hex("msg"), t.hex("ctx"), t.hex("sig"));
        } else {
          ok = key.verify(t.hex("msg"), t.hex("sig"));
        }
        Ed25519WycheproofTest.record(tally, t, ok);
      }
    }
    tally.print();
    assertThat(tally.failures()).isEmpty();
    assertThat(tally.total()).isEqualTo(suite.numberOfTests()).isEqualTo(210);
  }
}
