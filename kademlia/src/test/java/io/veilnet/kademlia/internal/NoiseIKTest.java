package io.veilnet.kademlia.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veilnet.crypto.Aead;
import io.veilnet.crypto.AeadAlgorithm;
import io.veilnet.crypto.Aeads;
import io.veilnet.crypto.Bytes;
import io.veilnet.crypto.DecryptionException;
import io.veilnet.crypto.SymmetricKey;
import io.veilnet.crypto.X25519PrivateKey;
import io.veilnet.kademlia.TransportCipher;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NoiseIKTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] PROLOGUE = "test".getBytes(StandardCharsets.US_ASCII);

  @Test
  void nonces_followTheNoiseSpecPerCipher() {
    long counter = 0x0102030405060708L;
    assertThat(Bytes.toHex(NoiseIK.CipherSuite.AESGCM.nonce(counter)))
        .as("AESGCM: 32 zero bits, counter big-endian")
        .isEqualTo("000000000102030405060708");
    assertThat(Bytes.toHex(NoiseIK.CipherSuite.CHACHAPOLY.nonce(counter)))
        .as("ChaChaPoly: 32 zero bits, counter little-endian")
        .isEqualTo("000000000807060504030201");
    assertThat(Bytes.toHex(NoiseIK.CipherSuite.AESGCM.nonce(1))).isEqualTo("000000000000000000000001");
  }

  @Test
  void initialHash_isTheProtocolNameZeroPaddedToHashLen() {
    byte[] aes = NoiseIK.CipherSuite.AESGCM.initialHash();
    assertThat(aes).hasSize(32);
    assertThat(new String(aes, 0, 28, StandardCharsets.US_ASCII))
        .isEqualTo("Noise_IK_25519_AESGCM_SHA256");
    assertThat(Arrays.copyOfRange(aes, 28, 32)).containsOnly(0);
    assertThat(new String(NoiseIK.CipherSuite.CHACHAPOLY.initialHash(), StandardCharsets.US_ASCII))
        .isEqualTo("Noise_IK_25519_ChaChaPoly_SHA256");
  }

  @Test
  void defaultSuite_isAesGcm_andMapsFromTheConfig() {
    assertThat(NoiseIK.DEFAULT_SUITE).isEqualTo(NoiseIK.CipherSuite.AESGCM);
    assertThat(NoiseIK.CipherSuite.AESGCM.aead()).isEqualTo(AeadAlgorithm.AES_256_GCM);
    assertThat(NoiseIK.CipherSuite.of(TransportCipher.AES_256_GCM))
        .isEqualTo(NoiseIK.CipherSuite.AESGCM);
    assertThat(NoiseIK.CipherSuite.of(TransportCipher.CHACHA20_POLY1305))
        .isEqualTo(NoiseIK.CipherSuite.CHACHAPOLY);
  }

  @ParameterizedTest
  @EnumSource(NoiseIK.CipherSuite.class)
  void handshake_agreesOnPayloadsAndTransportKeys(NoiseIK.CipherSuite suite) {
    X25519PrivateKey is = X25519PrivateKey.generate(RANDOM);
    X25519PrivateKey rs = X25519PrivateKey.generate(RANDOM);
    NoiseIK i = NoiseIK.initiator(suite, is, rs.publicKey(), PROLOGUE);
    NoiseIK r = NoiseIK.responder(suite, rs, PROLOGUE);
    byte[] m1 = i.writeMessage1("hello".getBytes(), RANDOM);
    assertThat(r.readMessage1(m1)).isEqualTo("hello".getBytes());
    assertThat(r.remoteStatic().bytes()).isEqualTo(is.publicKey().bytes());
    byte[] m2 = r.writeMessage2("world".getBytes(), RANDOM);
    assertThat(i.readMessage2(m2)).isEqualTo("world".getBytes());
    assertThat(i.handshakeHash()).isEqualTo(r.handshakeHash());
    SymmetricKey[] ik = i.split();
    SymmetricKey[] rk = r.split();
    Aead iSend = Aeads.create(suite.aead(), ik[0]);
    Aead rRecv = Aeads.create(suite.aead(), rk[1]);
    byte[] ct = iSend.seal(suite.nonce(7), "data".getBytes(), null);
    assertThat(rRecv.open(suite.nonce(7), ct, null)).isEqualTo("data".getBytes());
    assertThatThrownBy(() -> rRecv.open(suite.nonce(8), ct, null))
        .isInstanceOf(DecryptionException.class);
  }

  @Test
  void differentSuites_doNotAuthenticate() {
    X25519PrivateKey rs = X25519PrivateKey.generate(RANDOM);
    NoiseIK i = NoiseIK.initiator(NoiseIK.CipherSuite.AESGCM, X25519PrivateKey.generate(RANDOM),
        rs.publicKey(), PROLOGUE);
    NoiseIK r = NoiseIK.responder(NoiseIK.CipherSuite.CHACHAPOLY, rs, PROLOGUE);
    byte[] m1 = i.writeMessage1(new byte[0], RANDOM);
    assertThatThrownBy(() -> r.readMessage1(m1)).isInstanceOf(DecryptionException.class);
  }
}
