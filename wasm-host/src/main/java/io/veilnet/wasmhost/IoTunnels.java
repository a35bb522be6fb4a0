package io.veilnet.wasmhost;

import io.veilnet.crypto.AeadAlgorithm;
import io.veilnet.crypto.Aeads;
import io.veilnet.crypto.SymmetricKey;
import io.veilnet.wasmhost.internal.AeadIoTunnel;

/** Creates {@link IoTunnel}s. */
public final class IoTunnels {
  /** Default padding block: 1,024 bytes. */
  public static final int DEFAULT_BLOCK_SIZE = 1024;

  private IoTunnels() {}

  /**
   * AES-GCM with 1,024-byte blocks: AES-128-GCM for a 16-byte key (the default), AES-256-GCM for a
   * 32-byte key. The tunnel keeps its own copy of the key; the caller still owns and closes
   * {@code key}.
   */
  public static IoTunnel aesGcm(SymmetricKey key) {
    return create(key.length() == 32 ? AeadAlgorithm.AES_256_GCM : AeadAlgorithm.AES_128_GCM, key, DEFAULT_BLOCK_SIZE);
  }

  /**
   * A tunnel over {@code algorithm} padding to multiples of {@code blockSize}.
   *
   * @throws IllegalArgumentException key length does not fit the algorithm, or blockSize not in [16, 1 MiB]
   */
  public static IoTunnel create(AeadAlgorithm algorithm, SymmetricKey key, int blockSize) {
    if (blockSize < 16 || blockSize > 1 << 20) {
      throw new IllegalArgumentException("blockSize must be in [16, 1048576], got " + blockSize);
    }
    return new AeadIoTunnel(Aeads.create(algorithm, key), blockSize);
  }
}
