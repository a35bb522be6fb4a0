package io.veilnet.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EthereumTest {

  @Test
  void keccak256_isKeccakNotSha3() {
    assertThat(Bytes.toHex(Keccak.keccak256(new byte[0])))
        .isEqualTo("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    // SHA3-256("") would be a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a.
    assertThat(Bytes.toHex(Keccak.keccak256("cow".getBytes(StandardCharsets.US_ASCII))))
        .isEqualTo("c85ef7d79691fe79573b1a7064c19c1a9819ebdbd1faaab1a8ec92344438aaf4");
  }

  /** The EIP-55 examples (all caps, all lower, and mixed). */
  @ParameterizedTest
  @ValueSource(strings = {
      "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
      "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
      "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
      "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
      "0x52908400098527886E0F7030069857D2E4169EE7",
      "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
      "0xde709f2102306220921060314715629080e2fb77",
      "0x27b1fdb04752bbc536007a920d24acb045561c26"})
  void eip55Examples_roundTripExactly(String checksummed) {
    EthereumAddress a = EthereumAddress.parse(checksummed);
    assertThat(a.toChecksumString()).isEqualTo(checksummed);
    assertThat(EthereumAddress.parse(checksummed.toLowerCase(Locale.ROOT))).isEqualTo(a);
    assertThat(EthereumAddress.parse("0x" + checksummed.substring(2).toUpperCase(Locale.ROOT))).isEqualTo(a);
    assertThat(EthereumAddress.parse(checksummed.substring(2))).isEqualTo(a);
  }

  @Test
  void parse_wrongChecksum_isRejectedWithClearMessage() {
    assertThatThrownBy(() -> EthereumAddress.parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("checksum");
  }

  @Test
  void parse_badLengthOrCharacters_isRejected() {
    assertThatThrownBy(() -> EthereumAddress.parse("0x1234"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("40 hex digits");
    assertThatThrownBy(() -> EthereumAddress.parse("0xzz908400098527886E0F7030069857D2E4169EE7"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-hex");
    assertThatThrownBy(() -> EthereumAddress.of(new byte[19])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void personalSignHash_prefixesDecimalLength() {
    byte[] msg = "hello".getBytes(StandardCharsets.US_ASCII);
    byte[] expected = Keccak.keccak256(
        "\u0019Ethereum Signed Message:\n5hello".getBytes(StandardCharsets.US_ASCII));
    assertThat(Ethereum.personalSignHash(msg)).isEqualTo(expected);
  }

  @Test
  void address_equalsAndBytes() {
    EthereumAddress a = EthereumAddress.parse("0x52908400098527886E0F7030069857D2E4169EE7");
    EthereumAddress b = EthereumAddress.of(a.bytes());
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).hasToString("0x52908400098527886E0F7030069857D2E4169EE7");
    byte[] copy = a.bytes();
    copy[0] ^= 1;
    assertThat(EthereumAddress.of(copy)).isNotEqualTo(a);
  }
}
