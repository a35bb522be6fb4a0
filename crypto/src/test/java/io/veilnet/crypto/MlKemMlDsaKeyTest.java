package io.veilnet.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class MlKemMlDsaKeyTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void mlKem_encapsulateDecapsulate_roundTrip_andWrongKeyDiffers() {
    try (MlKem768PrivateKey alice = MlKem768PrivateKey.generate(RANDOM);
        MlKem768PrivateKey other = MlKem768PrivateKey.generate(RANDOM);
        MlKem768Encapsulation enc = alice.publicKey().encapsulate(RANDOM)) {
      assertThat(enc.ciphertext()).hasSize(MlKem768PublicKey.CIPHERTEXT_LENGTH);
      assertThat(enc.sharedSecret()).hasSize(32);
      assertThat(alice.decapsulate(enc.ciphertext())).isEqualTo(enc.sharedSecret());
      // Implicit rejection: a wrong key gives a different secret, not an exception.
      assertThat(other.decapsulate(enc.ciphertext())).hasSize(32).isNotEqualTo(enc.sharedSecret());
      byte[] flipped = enc.ciphertext();
      flipped[0] ^= 1;
      assertThat(alice.decapsulate(flipped)).isNotEqualTo(enc.sharedSecret());
      assertThat(enc.toString()).doesNotContain(Bytes.toHex(enc.sharedSecret()));
    }
  }

  @Test
  void mlKem_fromSeed_isDeterministic_andPublicKeyRoundTrips() {
    byte[] seed = new byte[64];
    RANDOM.nextBytes(seed);
    try (MlKem768PrivateKey a = MlKem768PrivateKey.fromSeed(seed);
        MlKem768PrivateKey b = MlKem768PrivateKey.fromSeed(seed)) {
      assertThat(a).isEqualTo(b);
      assertThat(a.publicKey()).isEqualTo(b.publicKey());
      assertThat(MlKem768PublicKey.of(a.publicKey().bytes())).isEqualTo(a.publicKey());
      assertThat(a.publicKey().bytes()).hasSize(MlKem768PublicKey.LENGTH);
      assertThat(a.seed()).isEqualTo(seed);
    }
  }

  @Test
  void mlKem_publicKeyModulusCheck_rejectsCoefficientAtLeastQ() {
    try (MlKem768PrivateKey k = MlKem768PrivateKey.generate(RANDOM)) {
      byte[] ek = k.publicKey().bytes();
      // First coefficient := 3329 (= q): low byte 0x01, low nibble of the next byte 0xD.
      ek[0] = (byte) 0x01;
      ek[1] = (byte) ((ek[1] & 0xf0) | 0x0d);
      assertThatThrownBy(() -> MlKem768PublicKey.of(ek))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("coefficient");
      byte[] ek2 = k.publicKey().bytes();
      // Last coefficient of t := 0xfff.
      ek2[1150] = (byte) (ek2[1150] | 0xf0);
      ek2[1151] = (byte) 0xff;
      assertThatThrownBy(() -> MlKem768PublicKey.of(ek2)).isInstanceOf(IllegalArgumentException.class);
      // Coefficient q - 1 = 3328 = 0xD00 is fine.
      byte[] ek3 = k.publicKey().bytes();
      ek3[0] = 0;
      ek3[1] = (byte) ((ek3[1] & 0xf0) | 0x0d);
      assertThat(MlKem768PublicKey.of(ek3).bytes()).isEqualTo(ek3);
    }
  }

  @Test
  void mlKem_badLengthsAndClose() {
    assertThatThrownBy(() -> MlKem768PublicKey.of(new byte[1183])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MlKem768PrivateKey.fromSeed(new byte[32]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 bytes");
    MlKem768PrivateKey k = MlKem768PrivateKey.generate(RANDOM);
    assertThatThrownBy(() -> k.decapsulate(new byte[1087])).isInstanceOf(CryptoException.class);
    k.close();
    assertThat(k.isDestroyed()).isTrue();
    assertThatThrownBy(() -> k.decapsulate(new byte[1088])).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(k::seed).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void mlDsa_signVerify_withAndWithoutContext() {
    byte[] msg = "node record".getBytes(StandardCharsets.UTF_8);
    byte[] ctx = "veilnet/record".getBytes(StandardCharsets.UTF_8);
    try (MlDsa65PrivateKey k = MlDsa65PrivateKey.generate(RANDOM)) {
      MlDsa65PublicKey pub = k.publicKey();
      byte[] sig = k.sign(msg);
      assertThat(sig).hasSize(MlDsa65PublicKey.SIGNATURE_LENGTH);
      assertThat(pub.verify(msg, sig)).isTrue();
      assertThat(pub.verify(msg, ctx, sig)).isFalse();
      byte[] sigCtx = k.sign(msg, ctx);
      assertThat(pub.verify(msg, ctx, sigCtx)).isTrue();
      assertThat(pub.verify(msg, sigCtx)).isFalse();
      // Hedged signing: two signatures of the same message differ, both verify.
      byte[] sig2 = k.sign(msg);
      assertThat(sig2).isNotEqualTo(sig);
      assertThat(pub.verify(msg, sig2)).isTrue();
      byte[] bad = sig.clone();
      bad[100] ^= 1;
      assertThat(pub.verify(msg, bad)).isFalse();
      assertThat(pub.verify(msg, new byte[10])).isFalse();
      assertThat(pub.verify(msg, new byte[MlDsa65PublicKey.SIGNATURE_LENGTH])).isFalse();
      assertThat(pub.verify(msg, new byte[256], sig)).isFalse();
      assertThatThrownBy(() -> k.sign(msg, new byte[256])).isInstanceOf(IllegalArgumentException.class);
      assertThat(MlDsa65PublicKey.of(pub.bytes())).isEqualTo(pub);
    }
  }

  @Test
  void mlDsa_fromSeed_deterministicKey_closeBlocksUse() {
    byte[] seed = new byte[32];
    RANDOM.nextBytes(seed);
    MlDsa65PrivateKey a = MlDsa65PrivateKey.fromSeed(seed, RANDOM);
    try (MlDsa65PrivateKey b = MlDsa65PrivateKey.fromSeed(seed, RANDOM)) {
      assertThat(a.publicKey()).isEqualTo(b.publicKey());
      assertThat(a).isEqualTo(b);
      assertThat(a.toString()).doesNotContain(Bytes.toHex(seed));
    }
    a.close();
    assertThatThrownBy(() -> a.sign(new byte[1])).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> MlDsa65PrivateKey.fromSeed(new byte[31], RANDOM))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MlDsa65PublicKey.of(new byte[1951])).isInstanceOf(IllegalArgumentException.class);
  }
}
