package io.veilnet.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.veilnet.crypto.testing.AeadVectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Runs the Wycheproof AEAD, HKDF and HMAC vectors in full through our classes. Every case ends in
 * exactly one counted outcome; parameters our API does not offer (192-bit AES keys, nonces other
 * than the algorithm's size) must be refused with an {@link IllegalArgumentException}, never
 * skipped. The expected counts are asserted, so a case cannot silently go missing.
 */
class WycheproofTest {
  static final String VALID = "valid-passed";
  static final String INVALID = "invalid-rejected";
  static final String UNSUPPORTED_KEY = "unsupported-rejected(key size)";
  static final String UNSUPPORTED_NONCE = "unsupported-rejected(nonce size)";

  private final List<String> failures = new ArrayList<>();
  private final Map<String, Integer> counts = new TreeMap<>();

  private void count(String outcome) {
    counts.merge(outcome, 1, Integer::sum);
  }

  private void fail(Object testCase, String why) {
    failures.add(testCase + ": " + why);
  }

  private void report(String file, int declared) {
    int total = counts.values().stream().mapToInt(Integer::intValue).sum();
    System.out.println("Wycheproof " + file + ": " + total + "/" + declared + " cases " + counts);
    assertThat(failures).as(file).isEmpty();
    assertThat(total).as("every case of " + file + " has an outcome").isEqualTo(declared);
  }

  private void runAead(String file, Function<Integer, AeadAlgorithm> byKeyLength) {
    AeadVectors.Suite<AeadVectors.Aead> suite = AeadVectors.aead(file);
    for (AeadVectors.Aead t : suite.cases()) {
      runAeadCase(t, byKeyLength);
    }
    report(file, suite.numberOfTests());
  }

  private void runAeadCase(AeadVectors.Aead t, Function<Integer, AeadAlgorithm> byKeyLength) {
    SymmetricKey key;
    try {
      key = SymmetricKey.of(t.key());
    } catch (IllegalArgumentException e) {
      if (t.key().length == 16 || t.key().length == 32) {
        fail(t, "supported key size refused");
      }
      count(UNSUPPORTED_KEY);
      return;
    }
    AeadAlgorithm alg = byKeyLength.apply(t.key().length);
    Aead aead = Aeads.create(alg, key);
    byte[] ctTag = Bytes.concat(t.ct(), t.tag());
    boolean nonceOk = t.iv().length == alg.nonceSize();
    boolean tagOk = t.tag().length == alg.tagSize();
    if (!nonceOk) {
      boolean sealRefused = refusesArgument(() -> aead.seal(t.iv(), t.msg(), t.aad()));
      boolean openRefused = refusesArgument(() -> aead.open(t.iv(), ctTag, t.aad()));
      if (sealRefused && openRefused) {
        count(UNSUPPORTED_NONCE);
      } else {
        fail(t, "unsupported nonce size " + t.iv().length + " not refused");
      }
      return;
    }
    if (t.valid() && tagOk) {
      byte[] sealed = aead.seal(t.iv(), t.msg(), t.aad());
      if (!Arrays.equals(sealed, ctTag)) {
        fail(t, "seal output differs");
        return;
      }
      if (!Arrays.equals(aead.open(t.iv(), ctTag, t.aad()), t.msg())
          || !Arrays.equals(aead.decrypt(Bytes.concat(t.iv(), ctTag), t.aad()), t.msg())) {
        fail(t, "open/decrypt output differs");
        return;
      }
      count(VALID);
    } else {
      // Invalid (or a tag length we do not offer): both entry points must refuse it.
      boolean open = throwsDecryptionException(() -> aead.open(t.iv(), ctTag, t.aad()));
      boolean decrypt =
          throwsDecryptionException(() -> aead.decrypt(Bytes.concat(t.iv(), ctTag), t.aad()));
      if (open && decrypt) {
        count(t.valid() ? "unsupported-rejected(tag size)" : INVALID);
      } else {
        fail(t, "accepted");
      }
    }
  }

  private static boolean refusesArgument(Runnable r) {
    try {
      r.run();
      return false;
    } catch (IllegalArgumentException e) {
      return e.getMessage() != null && e.getMessage().contains("nonce");
    }
  }

  private static boolean throwsDecryptionException(Runnable r) {
    try {
      r.run();
      return false;
    } catch (DecryptionException e) {
      return "decryption failed".equals(e.getMessage()) && e.getCause() == null;
    }
  }

  @Test
  @DisplayName("AES-GCM: 79 valid pass, 54 invalid rejected, 103 (192-bit key) + 80 (nonce != 12) unsupported rejected")
  void aesGcm() {
    runAead("aes_gcm_test.json", len -> len == 16 ? AeadAlgorithm.AES_128_GCM : AeadAlgorithm.AES_256_GCM);
    assertThat(counts)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(VALID, 79, INVALID, 54, UNSUPPORTED_KEY, 103, UNSUPPORTED_NONCE, 80));
  }

  @Test
  @DisplayName("ChaCha20-Poly1305: 256 valid pass, 60 invalid rejected, 9 (nonce != 12) unsupported rejected")
  void chacha20Poly1305() {
    runAead("chacha20_poly1305_test.json", len -> AeadAlgorithm.CHACHA20_POLY1305);
    assertThat(counts)
        .containsExactlyInAnyOrderEntriesOf(Map.of(VALID, 256, INVALID, 60, UNSUPPORTED_NONCE, 9));
  }

  @Test
  @DisplayName("XChaCha20-Poly1305: 246 valid pass, 60 invalid rejected, 9 (nonce != 24) unsupported rejected")
  void xchacha20Poly1305() {
    runAead("xchacha20_poly1305_test.json", len -> AeadAlgorithm.XCHACHA20_POLY1305);
    assertThat(counts)
        .containsExactlyInAnyOrderEntriesOf(Map.of(VALID, 246, INVALID, 60, UNSUPPORTED_NONCE, 9));
  }

  @Test
  @DisplayName("HKDF-SHA256: 83 valid pass, 3 invalid (size > 8160) rejected")
  void hkdfSha256() {
    AeadVectors.Suite<AeadVectors.HkdfCase> suite = AeadVectors.hkdf("hkdf_sha256_test.json");
    for (AeadVectors.HkdfCase t : suite.cases()) {
      if ("valid".equals(t.result())) {
        byte[] okm = Hkdf.derive(t.ikm(), t.salt(), t.info(), t.size());
        if (Arrays.equals(okm, t.okm())) {
          count(VALID);
        } else {
          fail(t, "okm differs");
        }
      } else {
        try {
          Hkdf.derive(t.ikm(), t.salt(), t.info(), t.size());
          fail(t, "accepted");
        } catch (IllegalArgumentException e) {
          count(INVALID);
        }
      }
    }
    report("hkdf_sha256_test.json", suite.numberOfTests());
    assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of(VALID, 83, INVALID, 3));
  }

  @Test
  @DisplayName("HMAC-SHA256: 66 valid pass (full and 128-bit tags), 108 invalid rejected")
  void hmacSha256() {
    AeadVectors.Suite<AeadVectors.MacCase> suite = AeadVectors.mac("hmac_sha256_test.json");
    for (AeadVectors.MacCase t : suite.cases()) {
      boolean verified = Hmac.verifySha256(t.key(), t.msg(), t.tag());
      byte[] computed = Arrays.copyOf(Hmac.sha256(t.key(), t.msg()), t.tagSize() / 8);
      boolean matches = Arrays.equals(computed, t.tag());
      if ("valid".equals(t.result())) {
        if (verified && matches) {
          count(VALID);
        } else {
          fail(t, "valid tag not verified");
        }
      } else if (!verified && !matches) {
        count(INVALID);
      } else {
        fail(t, "invalid tag accepted");
      }
    }
    report("hmac_sha256_test.json", suite.numberOfTests());
    assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of(VALID, 66, INVALID, 108));
  }
}
