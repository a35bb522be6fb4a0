package io.veilnet.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.veilnet.crypto.testing.Tally;
import io.veilnet.crypto.testing.WycheproofVectors;
import io.veilnet.crypto.testing.WycheproofVectors.Result;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Runs every case of Wycheproof {@code mlkem_768_test.json} (schema {@code mlkem_test_schema}):
 * each case gives a 64-byte seed {@code d ‖ z}, usually the expected encapsulation key {@code ek},
 * a ciphertext {@code c} and the expected shared secret {@code K}. A case is accepted when
 * {@link MlKem768PrivateKey#fromSeed} succeeds, the derived public key equals {@code ek} (when
 * given), and {@link MlKem768PrivateKey#decapsulate} returns {@code K}. The valid set includes
 * implicit-rejection cases (random/bit-flipped ciphertexts, the "strcmp" case): there the
 * expected K is the rejection secret, so they check the rejection path too. Invalid cases are
 * seeds of the wrong length (rejected by {@code fromSeed}) and ciphertexts of the wrong length
 * (rejected by {@code decapsulate}). The file has no encapsulation-key-only cases; the FIPS 203
 * modulus check on public keys is covered in {@link MlKemMlDsaKeyTest}.
 */
class MlKem768WycheproofTest {

  @Test
  void wycheproofMlKem768_seedKeygenAndDecapsulation() {
    WycheproofVectors.Suite suite = WycheproofVectors.load("mlkem_768_test.json");
    Tally tally = new Tally("mlkem_768_test.json");
    for (WycheproofVectors.TestCase t : suite.allTests()) {
      boolean accepted;
      String why = "";
      try (MlKem768PrivateKey key = MlKem768PrivateKey.fromSeed(t.hex("seed"))) {
        boolean ekOk = !t.has("ek") || Arrays.equals(key.publicKey().bytes(), t.hex("ek"));
        byte[] k = key.decapsulate(t.hex("c"));
        boolean kOk = Arrays.equals(k, t.hex("K"));
        accepted = ekOk && kOk;
        why = ekOk ? "wrong shared secret" : "wrong encapsulation key";
      } catch (IllegalArgumentException | CryptoException e) {
        accepted = false;
        why = "rejected: " + e.getMessage();
      }
      if (t.result() == Result.VALID && !accepted) {
        tally.fail(t, why);
      } else {
        Ed25519WycheproofTest.record(tally, t, accepted);
      }
    }
    tally.print();
    assertThat(tally.failures()).isEmpty();
    assertThat(tally.total()).isEqualTo(suite.numberOfTests()).isEqualTo(193);
  }
}
