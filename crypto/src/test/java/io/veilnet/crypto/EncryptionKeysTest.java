package io.veilnet.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EncryptionKeysTest {
  private static final String HEX64 = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

  @Test
  void environmentKey_isParsedFromExactly64HexCharacters() {
    try (SymmetricKey key = EncryptionKeys.fromEnvironment(Map.of("CES_ENCRYPTION_KEY", HEX64)).orElseThrow()) {
      assertThat(key.bytes()).isEqualTo(Bytes.fromHex(HEX64));
    }
  }

  @Test
  void environmentKey_acceptsUpperCaseAndSurroundingWhitespace() {
    try (SymmetricKey key =
        EncryptionKeys.fromEnvironment(Map.of("CES_ENCRYPTION_KEY", " " + HEX64.toUpperCase() + "\n")).orElseThrow()) {
      assertThat(key.bytes()).isEqualTo(Bytes.fromHex(HEX64));
    }
  }

  @Test
  void unsetEnvironment_isEmpty() {
    assertThat(EncryptionKeys.fromEnvironment(Map.of())).isEmpty();
  }

  @Test
  void wrongLength_isAClearErrorNamingTheVariable_withoutTheValue() {
    String secretish = "abcdef0123";
    assertThatThrownBy(() -> EncryptionKeys.fromEnvironment(Map.of("CES_ENCRYPTION_KEY", secretish)))
        .isInstanceOf(KeyConfigurationException.class)
        .hasMessageContaining("CES_ENCRYPTION_KEY")
        .hasMessageContaining("64 hex characters")
        .hasMessageContaining("10 characters")
        .hasMessageNotContaining(secretish);
  }

  @Test
  void nonHexCharacter_isAClearErrorNamingThePosition() {
    String bad = HEX64.substring(0, 63) + "g";
    assertThatThrownBy(() -> EncryptionKeys.fromEnvironment(Map.of("CES_ENCRYPTION_KEY", bad)))
        .isInstanceOf(KeyConfigurationException.class)
        .hasMessageContaining("CES_ENCRYPTION_KEY")
        .hasMessageContaining("character 64")
        .hasMessageNotContaining(bad);
  }

  @Test
  void prefixed0x_isRejectedBecauseItIsNot64HexCharacters() {
    assertThatThrownBy(() -> EncryptionKeys.fromEnvironment(Map.of("CES_ENCRYPTION_KEY", "0x" + HEX64)))
        .isInstanceOf(KeyConfigurationException.class)
        .hasMessageContaining("66 characters");
  }

  @Test
  void processRandomKey_warnsLoudlyAndIsFreshEachTime() {
    List<String> warnings = new ArrayList<>();
    try (SymmetricKey a = EncryptionKeys.processRandom(warnings::add);
        SymmetricKey b = EncryptionKeys.processRandom(warnings::add)) {
      assertThat(a).isNotEqualTo(b);
      assertThat(a.length()).isEqualTo(32);
    }
    assertThat(warnings).hasSize(2);
    assertThat(warnings.get(0)).contains("CANNOT be read by any other process").contains("after a restart");
  }

  @Test
  void resolve_prefersTheEnvironment_andWarnsOnlyWithoutIt() {
    List<String> warnings = new ArrayList<>();
    try (SymmetricKey k = EncryptionKeys.resolve(Map.of("CES_ENCRYPTION_KEY", HEX64), warnings::add)) {
      assertThat(k.bytes()).isEqualTo(Bytes.fromHex(HEX64));
    }
    assertThat(warnings).isEmpty();
    EncryptionKeys.resolve(Map.of(), warnings::add).close();
    assertThat(warnings).containsExactly(EncryptionKeys.PROCESS_RANDOM_WARNING);
  }

  @Test
  void explicitKey_mustBe32Bytes() {
    assertThat(EncryptionKeys.explicit(new byte[32]).length()).isEqualTo(32);
    assertThatThrownBy(() -> EncryptionKeys.explicit(new byte[16]))
        .isInstanceOf(KeyConfigurationException.class)
        .hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> EncryptionKeys.explicit(null)).isInstanceOf(KeyConfigurationException.class);
  }

  @Test
  void tenantKeys_areDeterministicAndIndependent() {
    byte[] salt = "veilnet-test-application-salt".getBytes(StandardCharsets.UTF_8);
    try (SymmetricKey master = SymmetricKey.of(Bytes.fromHex(HEX64));
        SymmetricKey a1 = EncryptionKeys.perTenant(master, salt, "alice");
        SymmetricKey a2 = EncryptionKeys.perTenant(master, salt, "alice");
        SymmetricKey b = EncryptionKeys.perTenant(master, salt, "bob");
        SymmetricKey otherSalt = EncryptionKeys.perTenant(master, "another-application-salt".getBytes(StandardCharsets.UTF_8), "alice")) {
      assertThat(a1).isEqualTo(a2);
      assertThat(a1).isNotEqualTo(b);
      assertThat(a1).isNotEqualTo(otherSalt);
      assertThat(a1).isNotEqualTo(master);
    }
  }

  @Test
  void tenantKey_pinnedToHkdfSha256() {
    // Independent derivation with the HKDF primitive pins the construction (label and salt use).
    byte[] salt = new byte[16];
    try (SymmetricKey master = SymmetricKey.of(Bytes.fromHex(HEX64));
        SymmetricKey k = EncryptionKeys.perTenant(master, salt, "t")) {
      byte[] expected = Hkdf.derive(Bytes.fromHex(HEX64), salt, "veilnet/tenant-key/v1/t".getBytes(StandardCharsets.UTF_8), 32);
      assertThat(k.bytes()).isEqualTo(expected);
    }
  }

  @Test
  void tenantKey_rejectsShortSaltAndEmptyTenant() {
    try (SymmetricKey master = SymmetricKey.random()) {
      assertThatThrownBy(() -> EncryptionKeys.perTenant(master, new byte[8], "t"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("at least 16 bytes");
      assertThatThrownBy(() -> EncryptionKeys.perTenant(master, new byte[16], ""))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("tenant id");
    }
  }
}
