package io.veilnet.kademlia;

/**
 * The AEAD of the encrypted UDP transport, i.e. the cipher function of its Noise suite ({@code
 * docs/protocol.md}). Every node of a network must use the same one: it is hashed into the
 * handshake, so a mismatch fails authentication (counted as a {@code FORGED} drop). The TCP blob
 * channel always uses {@link #AES_256_GCM}.
 */
public enum TransportCipher {
  /**
   * {@code Noise_IK_25519_AESGCM_SHA256}, the default: AES-NI/CLMUL intrinsics make it several
   * times cheaper per packet than ChaCha20-Poly1305 on JDK 17 (docs/benchmarks.md, Kademlia).
   */
  AES_256_GCM,
  /** {@code Noise_IK_25519_ChaChaPoly_SHA256}: for hosts without AES instructions. */
  CHACHA20_POLY1305
}
