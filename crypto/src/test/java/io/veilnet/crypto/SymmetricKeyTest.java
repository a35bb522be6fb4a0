package io.veilnet.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SymmetricKeyTest {
  @Test
  void toString_neverShowsKeyBytes() {
    byte[] raw = Bytes.fromHex("41414141414141414141414141414141");
    try (SymmetricKey k = SymmetricKey.of(raw)) {
      assertThat(k.toString()).doesNotContain("4141").doesNotContain("AAAA").contains("redacted");
    }
  }

  @Test
  void close_zeroesAndBlocksFurtherUse() {
    SymmetricKey k = SymmetricKey.random();
    k.close();
    assertThat(k.isDestroyed()).isTrue();
    assertThatThrownBy(k::bytes).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void keyIsCopiedIn_soCallerChangesDoNotLeak() {
    byte[] raw = new byte[32];
    try (SymmetricKey k = SymmetricKey.of(raw)) {
      raw[0] = 1;
      assertThat(k.bytes()[0]).isZero();
    }
  }

  @Test
  void equality_isByValue_andHashDoesNotDependOnSecret() {
    try (SymmetricKey a = SymmetricKey.of(new byte[32]); SymmetricKey b = SymmetricKey.of(new byte[32]);
        SymmetricKey c = SymmetricKey.random()) {
      assertThat(a).isEqualTo(b).isNotEqualTo(c);
      assertThat(a.hashCode()).isEqualTo(c.hashCode());
    }
  }

  @Test
  void invalidLengths_areRejected() {
    assertThatThrownBy(() -> SymmetricKey.of(new byte[31])).hasMessageContaining("16 or 32 bytes");
    assertThatThrownBy(() -> SymmetricKey.of(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
