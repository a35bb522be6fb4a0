package io.veilnet.kademlia.internal;

/** Every {@link SessionManagerTest} case again with {@code Noise_IK_25519_ChaChaPoly_SHA256}. */
class SessionManagerChaChaPolyTest extends SessionManagerTest {
  @Override
  NoiseIK.CipherSuite suite() {
    return NoiseIK.CipherSuite.CHACHAPOLY;
  }
}
