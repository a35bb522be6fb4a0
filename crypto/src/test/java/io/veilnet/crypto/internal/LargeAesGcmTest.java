package io.veilnet.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veilnet.crypto.AeadAlgorithm;
import io.veilnet.crypto.DecryptionException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The large-input AES-GCM paths in {@link Jce} (pieces for seal, CTR + recomputed tag for open)
 * must give exactly the bytes and the accept/reject results of one JDK {@code doFinal}.
 */
class LargeAesGcmTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int K = 1024;
  private static final int[] SIZES = {
    64 * K - 1, 64 * K, 64 * K + 1, 64 * K + 16, 80 * K + 7, 200_003, 1024 * K, 1024 * K + 13
  };

  @ParameterizedTest
  @EnumSource(value = AeadAlgorithm.class, names = {"AES_128_GCM", "AES_256_GCM"})
  void largeInputs_equalOneJdkCall_andRoundTrip(AeadAlgorithm alg) throws Exception {
    byte[] key = random(alg.keySize());
    AbstractAead aead = AeadFactory.create(alg, key);
    for (int size : SIZES) {
      byte[] nonce = random(12);
      byte[] pt = random(size);
      byte[] aad = random(size % 40);
      byte[] sealed = aead.seal(nonce, pt, aad);
      assertThat(sealed).as("seal %d bytes", size).isEqualTo(reference(key, nonce, pt, aad));
      assertThat(aead.open(nonce, sealed, aad)).as("open %d bytes", size).isEqualTo(pt);
      assertThat(aead.open(nonce, sealed, aad)).as("open twice").isEqualTo(pt);
      assertThat(aead.seal(nonce, pt, aad)).as("deterministic seal twice").isEqualTo(sealed);
    }
  }

  @ParameterizedTest
  @EnumSource(value = AeadAlgorithm.class, names = {"AES_128_GCM", "AES_256_GCM"})
  void largeInputs_tamperedAnywhere_rejectedAndOutputZeroed(AeadAlgorithm alg) {
    AbstractAead aead = AeadFactory.create(alg, random(alg.keySize()));
    int size = 300 * K + 5;
    byte[] nonce = random(12);
    byte[] pt = random(size);
    byte[] aad = random(12);
    byte[] sealed = aead.seal(nonce, pt, aad);
    for (int pos : new int[] {0, 17 * K, size - 1, size, size + 15}) {
      byte[] bad = sealed.clone();
      bad[pos] ^= 1;
      byte[] out = new byte[size + 4];
      Arrays.fill(out, (byte) 0x5a);
      assertThatThrownBy(() -> aead.open(nonce, 0, bad, 0, bad.length, aad, out, 2))
          .as("flipped byte %d", pos)
          .isInstanceOf(DecryptionException.class);
      byte[] expected = new byte[size + 4];
      expected[0] = expected[1] = expected[size + 2] = expected[size + 3] = 0x5a;
      assertThat(out).as("no plaintext released, flipped byte %d", pos).isEqualTo(expected);
    }
    byte[] otherAad = aad.clone();
    otherAad[0] ^= 1;
    assertThatThrownBy(() -> aead.open(nonce, sealed, otherAad))
        .isInstanceOf(DecryptionException.class);
    byte[] otherNonce = nonce.clone();
    otherNonce[11] ^= 1;
    assertThatThrownBy(() -> aead.open(otherNonce, sealed, aad))
        .isInstanceOf(DecryptionException.class);
  }

  private static byte[] reference(byte[] key, byte[] nonce, byte[] pt, byte[] aad)
      throws Exception {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
    c.updateAAD(aad);
    return c.doFinal(pt);
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
