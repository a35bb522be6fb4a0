package io.veilnet.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class Ed25519KeyTest {
  // RFC 8032 section 7.1, TEST 1 (empty message).
  private static final byte[] SEED =
      Bytes.fromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  private static final byte[] PUB =
      Bytes.fromHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  private static final byte[] SIG = Bytes.fromHex(
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");

  @Test
  void rfc8032Test1_publicKeyAndSignatureMatch() {
    try (Ed25519PrivateKey k = Ed25519PrivateKey.fromSeed(SEED)) {
      assertThat(k.publicKey().bytes()).isEqualTo(PUB);
      assertThat(k.sign(new byte[0])).isEqualTo(SIG);
      assertThat(Ed25519PublicKey.of(PUB).verify(new byte[0], SIG)).isTrue();
    }
  }

  @Property(tries = 50)
  void signThenVerify_roundTrips_andOtherMessageFails(@ForAll @Size(max = 300) byte[] message) {
    try (Ed25519PrivateKey k = Ed25519PrivateKey.generate(new SecureRandom())) {
      byte[] sig = k.sign(message);
      assertThat(k.publicKey().verify(message, sig)).isTrue();
      byte[] other = Bytes.concat(message, new byte[] {1});
      assertThat(k.publicKey().verify(other, sig)).isFalse();
      sig[5] ^= 1;
      assertThat(k.publicKey().verify(message, sig)).isFalse();
    }
  }

  @Test
  void verify_malformedSignatureBytes_returnsFalseWithoutThrowing() {
    Ed25519PublicKey pub = Ed25519PublicKey.of(PUB);
    byte[] msg = "m".getBytes(StandardCharsets.UTF_8);
    assertThat(pub.verify(msg, new byte[0])).isFalse();
    assertThat(pub.verify(msg, new byte[63])).isFalse();
    assertThat(pub.verify(msg, new byte[65])).isFalse();
    byte[] ff = new byte[64];
    java.util.Arrays.fill(ff, (byte) 0xff);
    assertThat(pub.verify(msg, ff)).isFalse();
  }

  @Test
  void publicKeyOf_rejectsWrongLengthNullAndInvalidPoints() {
    assertThatThrownBy(() -> Ed25519PublicKey.of(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Ed25519PublicKey.of(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
    // The identity point (y = 1) is of small order.
    byte[] identity = new byte[32];
    identity[0] = 1;
    assertThatThrownBy(() -> Ed25519PublicKey.of(identity))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a valid");
    // y = p (non-canonical encoding of 0).
    byte[] nonCanonical = Bytes.fromHex(
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
    assertThatThrownBy(() -> Ed25519PublicKey.of(nonCanonical))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fromSeed_rejectsWrongLength_withoutEchoingInput() {
    assertThatThrownBy(() -> Ed25519PrivateKey.fromSeed(new byte[33]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Ed25519 seed must be 32 bytes, got 33");
  }

  @Test
  void close_zeroesSeed_andBlocksUse() {
    Ed25519PrivateKey k = Ed25519PrivateKey.fromSeed(SEED);
    k.close();
    assertThat(k.isDestroyed()).isTrue();
    assertThatThrownBy(() -> k.sign(new byte[0])).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(k::seed).isInstanceOf(IllegalStateException.class);
    k.close(); // idempotent
  }

  @Test
  void seed_isACopy_andInputIsCopied() {
    byte[] seed = SEED.clone();
    try (Ed25519PrivateKey k = Ed25519PrivateKey.fromSeed(seed)) {
      java.util.Arrays.fill(seed, (byte) 0);
      assertThat(k.seed()).isEqualTo(SEED);
      k.seed()[0] ^= 1;
      assertThat(k.seed()).isEqualTo(SEED);
    }
  }

  @Test
  void equalsAndToString_secretNeverShown() {
    try (Ed25519PrivateKey a = Ed25519PrivateKey.fromSeed(SEED);
        Ed25519PrivateKey b = Ed25519PrivateKey.fromSeed(SEED);
        Ed25519PrivateKey c = Ed25519PrivateKey.generate(new SecureRandom())) {
      assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
      assertThat(a.toString()).doesNotContain(Bytes.toHex(SEED)).contains(Bytes.toHex(PUB));
      assertThat(a.publicKey()).isEqualTo(Ed25519PublicKey.of(PUB));
    }
  }
}
