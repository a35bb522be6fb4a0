package io.veilnet.crypto;

import java.util.Collection;

/**
 * Hands out data keys. The simulated, deterministic implementation ({@link SimulatedKeyService})
 * serves tests and single-operator deployments; a threshold implementation (distributed key
 * generation among the nodes closest to a file id) will implement the same interface.
 *
 * <p>Every returned key is owned by the caller, who closes it when done.
 */
public interface KeyService {

  /** The 32-byte key of {@code fileId}: the same file id always yields the same key. */
  SymmetricKey requestFileKey(byte[] fileId);

  /** A fresh random 32-byte key that is never returned twice (for job tunnels, sessions). */
  SymmetricKey generateEphemeralKey();

  /**
   * Rebuilds a key from at least a threshold of its shares.
   *
   * @throws IllegalArgumentException if there are too few shares or they are inconsistent
   */
  SymmetricKey reconstructKey(Collection<SecretShare> shares);
}
