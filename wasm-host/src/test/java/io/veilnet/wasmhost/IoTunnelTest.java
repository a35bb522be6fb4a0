package io.veilnet.wasmhost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veilnet.crypto.AeadAlgorithm;
import io.veilnet.crypto.DecryptionException;
import io.veilnet.crypto.SymmetricKey;
import java.security.SecureRandom;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class IoTunnelTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int OVERHEAD = 12 + 16;

  private static IoTunnel tunnel(int keyBytes) {
    return IoTunnels.aesGcm(SymmetricKey.random(keyBytes, RANDOM));
  }

  @Test
  void roundTrip_aes128AndAes256() {
    for (int keyBytes : new int[] {16, 32}) {
      IoTunnel t = tunnel(keyBytes);
      for (int n : new int[] {0, 1, 1023, 1024, 5000}) {
        byte[] p = new byte[n];
        RANDOM.nextBytes(p);
        assertThat(t.decrypt(t.encrypt(p))).isEqualTo(p);
      }
    }
  }

  @Property(tries = 200)
  void roundTrip_anyInput(@ForAll @Size(max = 4000) byte[] plaintext) {
    IoTunnel t = tunnel(16);
    assertThat(t.decrypt(t.encrypt(plaintext))).isEqualTo(plaintext);
  }

  @Test
  void padding_hidesLengthWithinABlock() {
    IoTunnel t = tunnel(16);
    assertThat(t.encrypt(new byte[0])).hasSize(OVERHEAD + 1024);
    assertThat(t.encrypt(new byte[1])).hasSize(OVERHEAD + 1024);
    assertThat(t.encrypt(new byte[1023])).hasSize(OVERHEAD + 1024);
    // the 0x80 marker needs one byte, so 1024 bytes take two blocks
    assertThat(t.encrypt(new byte[1024])).hasSize(OVERHEAD + 2048);
    assertThat(IoTunnels.create(AeadAlgorithm.AES_128_GCM, SymmetricKey.random(16, RANDOM), 64).encrypt(new byte[10]))
        .hasSize(OVERHEAD + 64);
  }

  @Test
  void nonce_isFreshEveryTime() {
    IoTunnel t = tunnel(16);
    byte[] p = "same".getBytes();
    assertThat(t.encrypt(p)).isNotEqualTo(t.encrypt(p));
  }

  @Test
  void wrongKey_fails() {
    byte[] c = tunnel(16).encrypt("secret".getBytes());
    assertThatThrownBy(() -> tunnel(16).decrypt(c)).isInstanceOf(DecryptionException.class)
        .hasMessage("decryption failed");
  }

  @Test
  void tampering_fails() {
    IoTunnel t = tunnel(16);
    byte[] c = t.encrypt("secret".getBytes());
    for (int i : new int[] {0, 11, 12, 500, c.length - 17, c.length - 1}) {
      byte[] bad = c.clone();
      bad[i] ^= 0x01;
      assertThatThrownBy(() -> t.decrypt(bad)).isInstanceOf(DecryptionException.class);
    }
    assertThatThrownBy(() -> t.decrypt(Arrays.copyOf(c, c.length - 1))).isInstanceOf(DecryptionException.class);
    assertThatThrownBy(() -> t.decrypt(new byte[0])).isInstanceOf(DecryptionException.class);
  }

  @Test
  void invalidArguments_areRejected() {
    SymmetricKey k16 = SymmetricKey.random(16, RANDOM);
    assertThatThrownBy(() -> IoTunnels.create(AeadAlgorithm.AES_256_GCM, k16, 1024))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IoTunnels.create(AeadAlgorithm.AES_128_GCM, k16, 8))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blockSize");
    assertThat(tunnel(16).toString()).doesNotContain(Arrays.toString(k16.bytes()));
  }
}
