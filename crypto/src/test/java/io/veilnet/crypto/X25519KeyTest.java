package io.veilnet.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class X25519KeyTest {
  // RFC 7748 section 6.1.
  private static final byte[] ALICE =
      Bytes.fromHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
  private static final byte[] ALICE_PUB =
      Bytes.fromHex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
  private static final byte[] BOB =
      Bytes.fromHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
  private static final byte[] BOB_PUB =
      Bytes.fromHex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
  private static final byte[] SHARED =
      Bytes.fromHex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");

  @Test
  void rfc7748Vector_publicKeysAndSharedSecretMatch() {
    try (X25519PrivateKey a = X25519PrivateKey.of(ALICE);
        X25519PrivateKey b = X25519PrivateKey.of(BOB)) {
      assertThat(a.publicKey().bytes()).isEqualTo(ALICE_PUB);
      assertThat(b.publicKey().bytes()).isEqualTo(BOB_PUB);
      assertThat(a.agree(X25519PublicKey.of(BOB_PUB))).isEqualTo(SHARED);
      assertThat(b.agree(a.publicKey())).isEqualTo(SHARED);
    }
  }

  @RepeatedTest(10)
  void generatedKeys_agreeSymmetrically() {
    SecureRandom rnd = new SecureRandom();
    try (X25519PrivateKey a = X25519PrivateKey.generate(rnd);
        X25519PrivateKey b = X25519PrivateKey.generate(rnd)) {
      assertThat(a.agree(b.publicKey())).isEqualTo(b.agree(a.publicKey())).hasSize(32);
      assertThat(a).isNotEqualTo(b);
    }
  }

  @Test
  void agree_lowOrderPeer_throwsCryptoException() {
    try (X25519PrivateKey a = X25519PrivateKey.of(ALICE)) {
      assertThatThrownBy(() -> a.agree(X25519PublicKey.of(new byte[32])))
          .isInstanceOf(CryptoException.class).hasMessageContaining("all zeros");
      byte[] one = new byte[32];
      one[0] = 1;
      assertThatThrownBy(() -> a.agree(X25519PublicKey.of(one))).isInstanceOf(CryptoException.class);
    }
  }

  @Test
  void invalidLengths_areRejected() {
    assertThatThrownBy(() -> X25519PublicKey.of(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> X25519PrivateKey.of(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> X25519PrivateKey.of(new byte[64]))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("X25519 private key must be 32 bytes, got 64");
  }

  @Test
  void close_zeroesAndBlocksUse_toStringRedacted() {
    X25519PrivateKey a = X25519PrivateKey.of(ALICE);
    assertThat(a.toString()).doesNotContain(Bytes.toHex(ALICE)).contains(Bytes.toHex(ALICE_PUB));
    assertThat(a.bytes()).isEqualTo(ALICE);
    a.close();
    assertThat(a.isDestroyed()).isTrue();
    assertThatThrownBy(() -> a.agree(X25519PublicKey.of(BOB_PUB))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(a::bytes).isInstanceOf(IllegalStateException.class);
  }
}
