package io.veilnet.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veilnet.crypto.internal.BcChaCha20Poly1305Aead;
import io.veilnet.crypto.internal.HChaCha20;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class AeadsTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] AAD = "header".getBytes();

  static Aead aead(AeadAlgorithm alg) {
    return Aeads.create(alg, SymmetricKey.random(alg.keySize(), RANDOM));
  }

  @ParameterizedTest
  @EnumSource(AeadAlgorithm.class)
  void encryptThenDecrypt_returnsPlaintext(AeadAlgorithm alg) {
    Aead aead = aead(alg);
    for (int len : new int[] {0, 1, 15, 16, 17, 1000}) {
      byte[] pt = new byte[len];
      RANDOM.nextBytes(pt);
      byte[] ct = aead.encrypt(pt, AAD);
      assertThat(ct).hasSize(alg.nonceSize() + len + alg.tagSize());
      assertThat(aead.decrypt(ct, AAD)).isEqualTo(pt);
      assertThat(aead.decrypt(ct, AAD)).as("decrypting twice").isEqualTo(pt);
    }
    assertThat(aead.algorithm()).isEqualTo(alg);
  }

  @Property(tries = 300)
  void anyPlaintextAndAad_roundTrip(
      @ForAll AeadAlgorithm alg,
      @ForAll @Size(max = 2000) byte[] plaintext,
      @ForAll @Size(max = 100) byte[] aad) {
    Aead aead = aead(alg);
    byte[] ct = aead.encrypt(plaintext, aad);
    assertThat(aead.decrypt(ct, aad)).isEqualTo(plaintext);
    byte[] nonce = Arrays.copyOf(ct, alg.nonceSize());
    byte[] sealed = aead.seal(nonce, plaintext, aad);
    assertThat(sealed).isEqualTo(Arrays.copyOfRange(ct, alg.nonceSize(), ct.length));
    assertThat(aead.open(nonce, sealed, aad)).isEqualTo(plaintext);
  }

  @ParameterizedTest
  @EnumSource(AeadAlgorithm.class)
  void encrypt_usesFreshNonces(AeadAlgorithm alg) {
    Aead aead = aead(alg);
    byte[] a = aead.encrypt(new byte[8], null);
    byte[] b = aead.encrypt(new byte[8], null);
    assertThat(Arrays.copyOf(a, alg.nonceSize())).isNotEqualTo(Arrays.copyOf(b, alg.nonceSize()));
  }

  @ParameterizedTest
  @EnumSource(AeadAlgorithm.class)
  void sealThenOpen_isDeterministicAndRepeatable(AeadAlgorithm alg) {
    Aead aead = aead(alg);
    byte[] nonce = new byte[alg.nonceSize()];
    byte[] pt = "hello".getBytes();
    byte[] c1 = aead.seal(nonce, pt, AAD);
    byte[] c2 = aead.seal(nonce, pt, AAD);
    assertThat(c1).isEqualTo(c2).hasSize(pt.length + alg.tagSize());
    assertThat(aead.open(nonce, c1, AAD)).isEqualTo(pt);
    assertThat(aead.open(nonce, c1, AAD)).isEqualTo(pt);
    assertThat(aead.seal(nonce, pt, AAD)).isEqualTo(c1);
  }

  @ParameterizedTest
  @EnumSource(AeadAlgorithm.class)
  void nullAndEmptyAad_areTheSame(AeadAlgorithm alg) {
    Aead aead = aead(alg);
    assertThat(aead.decrypt(aead.encrypt(new byte[3], null), new byte[0])).hasSize(3);
  }

  @ParameterizedTest
  @EnumSource(AeadAlgorithm.class)
  void everyAuthenticationFailure_isAGenericDecryptionException(AeadAlgorithm alg) {
    Aead aead = aead(alg);
    byte[] pt = new byte[40];
    byte[] ct = aead.encrypt(pt, AAD);
    List<byte[]> bad = new ArrayList<>();
    for (int i = 0; i < ct.length; i++) {
      byte[] t = ct.clone();
      t[i] ^= 1;
      bad.add(t);
    }
    bad.add(Arrays.copyOf(ct, ct.length - 1));
    bad.add(Arrays.copyOf(ct, ct.length + 1));
    bad.add(Arrays.copyOf(ct, alg.nonceSize() + alg.tagSize() - 1));
    bad.add(new byte[0]);
    for (byte[] b : bad) {
      assertThatThrownBy(() -> aead.decrypt(b, AAD))
          .isExactlyInstanceOf(DecryptionException.class)
          .hasMessage("decryption failed")
          .hasNoCause();
    }
    assertThatThrownBy(() -> aead.decrypt(ct, "other".getBytes()))
        .isExactlyInstanceOf(DecryptionException.class);
    assertThatThrownBy(() -> aead(alg).decrypt(ct, AAD))
        .as("wrong key")
        .isExactlyInstanceOf(DecryptionException.class);
    byte[] nonce = new byte[alg.nonceSize()];
    assertThatThrownBy(() -> aead.open(nonce, new byte[alg.tagSize() - 1], AAD))
        .isExactlyInstanceOf(DecryptionException.class);
    assertThatThrownBy(() -> aead.open(nonce, new byte[alg.tagSize()], AAD))
        .isExactlyInstanceOf(DecryptionException.class);
  }

  @ParameterizedTest
  @EnumSource(AeadAlgorithm.class)
  void wrongNonceLength_isAnIllegalArgument(AeadAlgorithm alg) {
    Aead aead = aead(alg);
    byte[] shortNonce = new byte[alg.nonceSize() - 1];
    assertThatThrownBy(() -> aead.seal(shortNonce, new byte[1], null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nonce");
    assertThatThrownBy(() -> aead.open(new byte[alg.nonceSize() + 1], new byte[32], null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keyLengthMismatch_isAnIllegalArgument() {
    SymmetricKey k16 = SymmetricKey.random(16, RANDOM);
    SymmetricKey k32 = SymmetricKey.random(32, RANDOM);
    assertThatThrownBy(() -> Aeads.create(AeadAlgorithm.AES_128_GCM, k32))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("AES_128_GCM needs a 16-byte key, got 32");
    for (AeadAlgorithm alg :
        List.of(
            AeadAlgorithm.AES_256_GCM,
            AeadAlgorithm.CHACHA20_POLY1305,
            AeadAlgorithm.XCHACHA20_POLY1305)) {
      assertThatThrownBy(() -> Aeads.create(alg, k16))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("32-byte key");
    }
    k16.close();
    assertThatThrownBy(() -> Aeads.create(AeadAlgorithm.AES_128_GCM, k16))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void aeadOutlivesItsKeyObject_andHidesTheKey() {
    SymmetricKey key = SymmetricKey.random(32, RANDOM);
    Aead aead = Aeads.create(AeadAlgorithm.AES_256_GCM, key);
    byte[] ct = aead.encrypt(new byte[5], null);
    key.close();
    assertThat(aead.decrypt(ct, null)).hasSize(5);
    assertThat(aead.toString()).contains("redacted").doesNotContain(Bytes.toHex(ct));
  }

  /** draft-irtf-cfrg-xchacha-03, section 2.2.1. */
  @Test
  void hChaCha20_matchesTheDraftVector() {
    byte[] key = new byte[32];
    for (int i = 0; i < 32; i++) {
      key[i] = (byte) i;
    }
    byte[] nonce = Bytes.fromHex("000000090000004a0000000031415927");
    byte[] out = new byte[32];
    HChaCha20.subkey(HChaCha20.keyWords(key), nonce, 0, out);
    assertThat(Bytes.toHex(out))
        .isEqualTo("82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc");
  }

  @ParameterizedTest
  @EnumSource(
      value = AeadAlgorithm.class,
      names = {"CHACHA20_POLY1305", "XCHACHA20_POLY1305"})
  void jdkBackend_agreesWithBouncyCastle(AeadAlgorithm alg) {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    Aead ours = Aeads.create(alg, SymmetricKey.of(key));
    Aead bc = new BcChaCha20Poly1305Aead(alg, key);
    byte[] nonce = new byte[alg.nonceSize()];
    RANDOM.nextBytes(nonce);
    for (int len : new int[] {0, 1, 63, 64, 65, 4096}) {
      byte[] pt = new byte[len];
      RANDOM.nextBytes(pt);
      byte[] ct = ours.seal(nonce, pt, AAD);
      assertThat(bc.seal(nonce, pt, AAD)).isEqualTo(ct);
      assertThat(bc.open(nonce, ct, AAD)).isEqualTo(pt);
    }
  }

  @ParameterizedTest
  @EnumSource(AeadAlgorithm.class)
  void oneInstance_isSafeToShareBetweenThreads(AeadAlgorithm alg) throws Exception {
    Aead aead = aead(alg);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int seed = t;
        results.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 200; i++) {
                    byte[] pt = new byte[(seed * 31 + i) % 300];
                    Arrays.fill(pt, (byte) seed);
                    if (!Arrays.equals(aead.decrypt(aead.encrypt(pt, AAD), AAD), pt)) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> f : results) {
        assertThat(f.get(30, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest
  @EnumSource(AeadAlgorithm.class)
  void sliceSealAndOpen_matchTheArrayMethods_andCheckRanges(AeadAlgorithm alg) {
    Aead aead = aead(alg);
    byte[] nonce = new byte[alg.nonceSize()];
    RANDOM.nextBytes(nonce);
    byte[] pt = new byte[300];
    RANDOM.nextBytes(pt);
    byte[] expected = aead.seal(nonce, Arrays.copyOfRange(pt, 10, 210), AAD);
    byte[] packet = new byte[5 + 200 + alg.tagSize()];
    assertThat(aead.seal(nonce, pt, 10, 200, AAD, packet, 5)).isEqualTo(200 + alg.tagSize());
    assertThat(Arrays.copyOfRange(packet, 5, packet.length)).isEqualTo(expected);
    byte[] out = new byte[203];
    assertThat(aead.open(nonce, packet, 5, 200 + alg.tagSize(), AAD, out, 3)).isEqualTo(200);
    assertThat(Arrays.copyOfRange(out, 3, 203)).isEqualTo(Arrays.copyOfRange(pt, 10, 210));
    packet[6] ^= 1;
    assertThatThrownBy(() -> aead.open(nonce, packet, 5, 200 + alg.tagSize(), AAD, out, 3))
        .isInstanceOf(DecryptionException.class);
    assertThatThrownBy(() -> aead.open(nonce, packet, 5, alg.tagSize() - 1, AAD, out, 0))
        .isInstanceOf(DecryptionException.class);
    assertThatThrownBy(() -> aead.seal(nonce, pt, 200, 200, AAD, packet, 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> aead.seal(nonce, pt, 0, 200, AAD, packet, 10))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> aead.open(nonce, packet, 5, 200 + alg.tagSize(), AAD, out, 4))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> aead.seal(new byte[3], pt, 0, 1, AAD, packet, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
