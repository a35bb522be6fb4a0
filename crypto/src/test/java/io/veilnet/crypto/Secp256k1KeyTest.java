package io.veilnet.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class Secp256k1KeyTest {
  private static final BigInteger N = new BigInteger(
      "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);
  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void cowKey_hasKnownAddress() {
    byte[] d = Keccak.keccak256("cow".getBytes(StandardCharsets.US_ASCII));
    try (Secp256k1PrivateKey k = Secp256k1PrivateKey.fromBytes(d)) {
      assertThat(k.address().toLowerCaseString())
          .isEqualTo("0xcd2a3d9f938e13cd947ec05abc7fe734df8dd826");
    }
  }

  @Test
  void web3jsPersonalSignExample_signatureAndRecoveredAddressMatch() {
    // web3.js docs, web3.eth.accounts.sign("Some data", privateKey).
    byte[] d = Bytes.fromHex("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318");
    byte[] message = "Some data".getBytes(StandardCharsets.UTF_8);
    try (Secp256k1PrivateKey k = Secp256k1PrivateKey.fromBytes(d)) {
      assertThat(k.address().toChecksumString())
          .isEqualTo("0x2c7536E3605D9C16a7a3D7b1898e529396a65c23");
      assertThat(Bytes.toHex(Ethereum.personalSignHash(message)))
          .isEqualTo("1da44b586eb0729ff70a73c326926f6ed5a25f5b056e7f47fbc6e58d86871655");
      byte[] sig = Ethereum.personalSign(k, message);
      assertThat(Bytes.toHex(sig)).isEqualTo(
          "b91467e570a6466aa9e9876cbcd013baba02900b8979d43fe208a4a4f339f5fd"
              + "6007e74cd82e037b800186422fc2da167c747ef045e5d18a5f5d4300f8e1a029" + "1c");
      assertThat(Ethereum.recoverPersonalSigner(message, sig))
          .isEqualTo(EthereumAddress.parse("0x2c7536E3605D9C16a7a3D7b1898e529396a65c23"));
      byte[] recId = sig.clone();
      recId[64] -= 27; // 0/1 form recovers the same key
      assertThat(Ethereum.recoverPersonalSigner(message, recId)).isEqualTo(k.address());
    }
  }

  @Test
  void privateKeyFromBytes_rejectsZeroOrderAndWrongLength() {
    assertThatThrownBy(() -> Secp256k1PrivateKey.fromBytes(new byte[32]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1, n-1]");
    assertThatThrownBy(() -> Secp256k1PrivateKey.fromBytes(BigIntegers.asUnsignedByteArray(32, N)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Secp256k1PrivateKey.fromBytes(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
    byte[] max = BigIntegers.asUnsignedByteArray(32, N.subtract(BigInteger.ONE));
    try (Secp256k1PrivateKey k = Secp256k1PrivateKey.fromBytes(max)) {
      assertThat(k.bytes()).isEqualTo(max);
    }
  }

  @Test
  void publicKeyFromBytes_acceptsBothEncodings_rejectsOffCurveAndBadPrefixes() {
    try (Secp256k1PrivateKey k = Secp256k1PrivateKey.generate(RANDOM)) {
      Secp256k1PublicKey pub = k.publicKey();
      assertThat(Secp256k1PublicKey.fromBytes(pub.compressed())).isEqualTo(pub);
      assertThat(Secp256k1PublicKey.fromBytes(pub.uncompressed())).isEqualTo(pub);
      byte[] offCurve = pub.uncompressed();
      offCurve[64] ^= 1;
      assertThatThrownBy(() -> Secp256k1PublicKey.fromBytes(offCurve))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a point");
      byte[] hybrid = pub.uncompressed();
      hybrid[0] = 0x06;
      assertThatThrownBy(() -> Secp256k1PublicKey.fromBytes(hybrid))
          .isInstanceOf(IllegalArgumentException.class);
      byte[] badPrefix = pub.compressed();
      badPrefix[0] = 0x04;
      assertThatThrownBy(() -> Secp256k1PublicKey.fromBytes(badPrefix))
          .isInstanceOf(IllegalArgumentException.class);
    }
    // x = 5 is not the abscissa of any secp256k1 point (5^3 + 7 = 132 is a non-residue mod p).
    byte[] noPoint = new byte[33];
    noPoint[0] = 2;
    noPoint[32] = 5;
    assertThatThrownBy(() -> Secp256k1PublicKey.fromBytes(noPoint))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Secp256k1PublicKey.fromBytes(new byte[64]))
        .isInstanceOf(IllegalArgumentException.class);
    // x = p (field overflow) in compressed form, and an uncompressed key with x = y = p.
    byte[] p = Bytes.fromHex("fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f");
    assertThatThrownBy(() -> Secp256k1PublicKey.fromBytes(Bytes.concat(new byte[] {2}, p)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a point");
    assertThatThrownBy(() -> Secp256k1PublicKey.fromBytes(Bytes.concat(new byte[] {4}, p, p)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a point");
  }

  @Property(tries = 30)
  void sign_verifyRecover_roundTrip(@ForAll @Size(min = 32, max = 32) byte[] hash) {
    try (Secp256k1PrivateKey k = Secp256k1PrivateKey.generate(RANDOM)) {
      byte[] sig = k.sign(hash);
      assertThat(sig).hasSize(64);
      assertThat(new BigInteger(1, Arrays.copyOfRange(sig, 32, 64))).isLessThanOrEqualTo(N.shiftRight(1));
      assertThat(k.publicKey().verify(hash, sig)).isTrue();
      assertThat(k.publicKey().verifyDer(hash, Secp256k1WycheproofTest.der(sig))).isTrue();

      byte[] rec = k.signRecoverable(hash);
      assertThat(Arrays.copyOf(rec, 64)).isEqualTo(sig); // deterministic (RFC 6979)
      assertThat(rec[64]).isBetween((byte) 0, (byte) 1);
      assertThat(Secp256k1PublicKey.recover(hash, rec)).isEqualTo(k.publicKey());
      byte[] v27 = rec.clone();
      v27[64] += 27;
      assertThat(Secp256k1PublicKey.recover(hash, v27)).isEqualTo(k.publicKey());

      byte[] otherHash = hash.clone();
      otherHash[0] ^= 1;
      assertThat(k.publicKey().verify(otherHash, sig)).isFalse();
      assertThat(Secp256k1PublicKey.recover(otherHash, rec)).isNotEqualTo(k.publicKey());
    }
  }

  @Test
  void strictVerify_rejectsHighS_derVerifyAcceptsIt() {
    byte[] hash = Keccak.keccak256(new byte[] {1, 2, 3});
    try (Secp256k1PrivateKey k = Secp256k1PrivateKey.generate(RANDOM)) {
      byte[] sig = k.sign(hash);
      BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
      byte[] high = Bytes.concat(Arrays.copyOf(sig, 32), BigIntegers.asUnsignedByteArray(32, N.subtract(s)));
      assertThat(k.publicKey().verify(hash, high)).isFalse();
      assertThat(k.publicKey().verifyDer(hash, Secp256k1WycheproofTest.der(high))).isTrue();
      byte[] highRec = Arrays.copyOf(high, 65);
      assertThatThrownBy(() -> Secp256k1PublicKey.recover(hash, highRec))
          .isInstanceOf(CryptoException.class);
    }
  }

  @Test
  void verifyAndRecover_malformedSignatures_failCleanly() {
    byte[] hash = new byte[32];
    try (Secp256k1PrivateKey k = Secp256k1PrivateKey.generate(RANDOM)) {
      Secp256k1PublicKey pub = k.publicKey();
      assertThat(pub.verify(hash, new byte[0])).isFalse();
      assertThat(pub.verify(hash, new byte[64])).isFalse(); // r = s = 0
      assertThat(pub.verify(hash, new byte[65])).isFalse();
      byte[] ff = new byte[64];
      Arrays.fill(ff, (byte) 0xff);
      assertThat(pub.verify(hash, ff)).isFalse();
      assertThat(pub.verifyDer(hash, new byte[] {0x30, 0x00})).isFalse();
      assertThat(pub.verifyDer(hash, new byte[0])).isFalse();
      assertThat(pub.verifyDer(hash, ff)).isFalse();
      byte[] sig = k.signRecoverable(hash);
      byte[] badV = sig.clone();
      badV[64] = 5;
      assertThatThrownBy(() -> Secp256k1PublicKey.recover(hash, badV)).isInstanceOf(CryptoException.class);
      assertThatThrownBy(() -> Secp256k1PublicKey.recover(hash, new byte[64])).isInstanceOf(CryptoException.class);
      assertThatThrownBy(() -> Secp256k1PublicKey.recover(hash, new byte[65])).isInstanceOf(CryptoException.class);
      assertThatThrownBy(() -> pub.verify(new byte[31], sig)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @RepeatedTest(20)
  void ecdh_isSymmetric_andThirdPartyDiffers() {
    try (Secp256k1PrivateKey a = Secp256k1PrivateKey.generate(RANDOM);
        Secp256k1PrivateKey b = Secp256k1PrivateKey.generate(RANDOM);
        Secp256k1PrivateKey c = Secp256k1PrivateKey.generate(RANDOM)) {
      byte[] ab = a.ecdh(b.publicKey());
      assertThat(ab).hasSize(32).isEqualTo(b.ecdh(a.publicKey()));
      assertThat(a.ecdh(c.publicKey())).isNotEqualTo(ab);
    }
  }

  @Test
  void ecdh_knownAnswer_dTimesG_isPublicKeyX() {
    // d·(1·G) is the x-coordinate of d·G, i.e. bytes 1..33 of d's public key.
    byte[] one = new byte[32];
    one[31] = 1;
    try (Secp256k1PrivateKey k = Secp256k1PrivateKey.generate(RANDOM);
        Secp256k1PrivateKey g = Secp256k1PrivateKey.fromBytes(one)) {
      assertThat(k.ecdh(g.publicKey())).isEqualTo(Arrays.copyOfRange(k.publicKey().compressed(), 1, 33));
      assertThat(g.publicKey().compressed()).isEqualTo(Bytes.fromHex(
          "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"));
    }
  }

  @Test
  void close_zeroesAndBlocksUse_toStringRedacted() {
    Secp256k1PrivateKey k = Secp256k1PrivateKey.generate(RANDOM);
    String hex = Bytes.toHex(k.bytes());
    assertThat(k.toString()).doesNotContain(hex).contains(k.address().toChecksumString());
    try (Secp256k1PrivateKey same = Secp256k1PrivateKey.fromBytes(Bytes.fromHex(hex))) {
      assertThat(k).isEqualTo(same).hasSameHashCodeAs(same);
    }
    k.close();
    assertThat(k.isDestroyed()).isTrue();
    assertThatThrownBy(() -> k.sign(new byte[32])).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> k.ecdh(k.publicKey())).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(k::bytes).isInstanceOf(IllegalStateException.class);
  }
}
