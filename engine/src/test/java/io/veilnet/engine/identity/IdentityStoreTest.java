package io.veilnet.engine.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veilnet.crypto.KeyConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityStoreTest {
  @Test
  void writeThenRead_givesTheSameKeys(@TempDir Path dir) throws Exception {
    try (NodeIdentity id = NodeIdentity.generate(new SecureRandom(), 0, 1)) {
      IdentityStore.write(dir, id, false);
      try (NodeIdentity back = IdentityStore.read(dir, Map.of()).orElseThrow()) {
        assertThat(back.nodeIdHex()).isEqualTo(id.nodeIdHex());
        assertThat(back.staticKey().publicKey()).isEqualTo(id.staticKey().publicKey());
        assertThat(back.hostAddress()).isEqualTo(id.hostAddress());
      }
    }
  }

  @Test
  void identity_composesTheDhtIdentity_andTheFileKeepsItsFormat(@TempDir Path dir) throws Exception {
    try (NodeIdentity id = NodeIdentity.generate(new SecureRandom(), 0, 1)) {
      assertThat(id.dht().nodeId()).isEqualTo(id.nodeId());
      assertThat(id.dht().staticPublicKey()).isEqualTo(id.staticKey().publicKey().bytes());
      IdentityStore.write(dir, id, false);
      String text = Files.readString(IdentityStore.file(dir));
      assertThat(text).contains("format=veilnet-identity-v1", "node-id=" + id.nodeIdHex(),
          "ed25519-seed=", "x25519-private=", "secp256k1-private=");
      try (NodeIdentity back = IdentityStore.read(dir, Map.of()).orElseThrow()) {
        assertThat(back.dht().nodeId()).isEqualTo(id.dht().nodeId());
        assertThat(back.dht().identityPublicKey()).isEqualTo(id.dht().identityPublicKey());
      }
    }
  }

  @Test
  void missingIdentity_isEmpty(@TempDir Path dir) throws Exception {
    assertThat(IdentityStore.read(dir, Map.of())).isEmpty();
  }

  @Test
  void hostKeyEnvironment_overridesTheStoredHostKey(@TempDir Path dir) throws Exception {
    try (NodeIdentity id = NodeIdentity.generate(new SecureRandom(), 0, 1)) {
      IdentityStore.write(dir, id, false);
    }
    String key = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
    try (NodeIdentity back = IdentityStore.read(dir, Map.of("HOST_PRIVATE_KEY", key)).orElseThrow()) {
      assertThat(back.hostAddress().toChecksumString()).isEqualTo("0x2c7536E3605D9C16a7a3D7b1898e529396a65c23");
    }
    assertThatThrownBy(() -> IdentityStore.read(dir, Map.of("HOST_PRIVATE_KEY", "4c08")))
        .isInstanceOf(KeyConfigurationException.class)
        .hasMessageContaining("HOST_PRIVATE_KEY must be 0x followed by 64 hex characters")
        .hasMessageNotContaining("4c08");
  }

  @Test
  void corruptFile_isAClearError(@TempDir Path dir) throws Exception {
    Files.writeString(IdentityStore.file(dir), "format=something-else\n");
    assertThatThrownBy(() -> IdentityStore.read(dir, Map.of()))
        .isInstanceOf(KeyConfigurationException.class)
        .hasMessageContaining("not a Veilnet identity file");
    Files.writeString(IdentityStore.file(dir), "format=veilnet-identity-v1\ned25519-seed=zz\n");
    assertThatThrownBy(() -> IdentityStore.read(dir, Map.of()))
        .isInstanceOf(KeyConfigurationException.class)
        .hasMessageContaining("ed25519-seed is not valid hex");
  }

  @Test
  void puzzle_isMetAtTheRequestedDifficulty() {
    try (NodeIdentity id = NodeIdentity.generate(new SecureRandom(), 6, 1L << 16)) {
      assertThat(id.puzzleBits()).isGreaterThanOrEqualTo(6);
    }
    assertThatThrownBy(() -> NodeIdentity.generate(new SecureRandom(), 30, 3))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("difficulty 30");
  }

  @Test
  void toString_showsNoSecrets() throws Exception {
    try (NodeIdentity id = NodeIdentity.generate(new SecureRandom(), 0, 1)) {
      String hexSeed = io.veilnet.crypto.Bytes.toHex(id.identityKey().seed());
      assertThat(id.toString()).contains(id.nodeIdHex()).doesNotContain(hexSeed);
    }
  }
}
