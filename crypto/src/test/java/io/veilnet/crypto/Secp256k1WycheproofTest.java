package io.veilnet.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.veilnet.crypto.testing.Tally;
import io.veilnet.crypto.testing.WycheproofVectors;
import io.veilnet.crypto.testing.WycheproofVectors.Result;
import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;

/**
 * Runs every case of Wycheproof {@code ecdsa_secp256k1_sha256_test.json} (DER signatures over
 * SHA-256 of the message) against {@link Secp256k1PublicKey#verifyDer}, which accepts high S like
 * any standard ECDSA verifier. As a second check, each valid case is also fed to the strict
 * 64-byte {@link Secp256k1PublicKey#verify}: it must accept exactly the low-S ones.
 */
class Secp256k1WycheproofTest {
  private static final BigInteger HALF_N = new BigInteger(
      "7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0", 16);

  @Test
  void wycheproofEcdsaSecp256k1_derVerifier_and_strictLowSVerifier() throws Exception {
    WycheproofVectors.Suite suite = WycheproofVectors.load("ecdsa_secp256k1_sha256_test.json");
    Tally tally = new Tally("ecdsa_secp256k1_sha256_test.json (verifyDer)");
    int strictAccepted = 0;
    int strictRejectedHighS = 0;
    for (WycheproofVectors.Group group : suite.groups()) {
      Secp256k1PublicKey key;
      try {
        key = Secp256k1PublicKey.fromBytes(
            WycheproofVectors.hexOf(group.object("publicKey"), "uncompressed"));
      } catch (IllegalArgumentException e) {
        key = null;
      }
      for (WycheproofVectors.TestCase t : group.tests()) {
        byte[] hash = sha256(t.hex("msg"));
        byte[] der = t.hex("sig");
        boolean ok = key != null && key.verifyDer(hash, der);
        Ed25519WycheproofTest.record(tally, t, ok);
        if (t.result() == Result.VALID && key != null) {
          BigInteger[] rs = StandardDSAEncoding.INSTANCE.decode(
              new BigInteger(1, Bytes.fromHex(
                  "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")), der);
          byte[] compact = Bytes.concat(
              BigIntegers.asUnsignedByteArray(32, rs[0]), BigIntegers.asUnsignedByteArray(32, rs[1]));
          boolean lowS = rs[1].compareTo(HALF_N) <= 0;
          boolean strict = key.verify(hash, compact);
          if (strict != lowS) {
            tally.fail(t, "strict verifier: low-S=" + lowS + " but accepted=" + strict);
          } else if (strict) {
            strictAccepted++;
          } else {
            strictRejectedHighS++;
          }
        }
      }
    }
    tally.print();
    System.out.println("[wycheproof] ecdsa_secp256k1_sha256_test.json (strict 64-byte verify on"
        + " valid cases): low-S accepted " + strictAccepted + ", high-S rejected "
        + strictRejectedHighS);
    assertThat(tally.failures()).isEmpty();
    assertThat(tally.total()).isEqualTo(suite.numberOfTests()).isEqualTo(476);
    assertThat(strictAccepted + strictRejectedHighS).isEqualTo(168);
    assertThat(strictRejectedHighS).isPositive();
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static byte[] der(byte[] compact) {
    try {
      return StandardDSAEncoding.INSTANCE.encode(
          new BigInteger(1, Bytes.fromHex(
              "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")),
          new BigInteger(1, java.util.Arrays.copyOfRange(compact, 0, 32)),
          new BigInteger(1, java.util.Arrays.copyOfRange(compact, 32, 64)));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
