package io.veilnet.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A deterministic key service for tests, simulations and single-operator deployments: a file key
 * is {@code HKDF-SHA256(ikm = master seed, salt = "veilnet/simulated-kms/v1", info = fileId ‖
 * node ids)}, with the node ids sorted so that their order does not matter. The key can be split
 * among those nodes with Shamir's scheme ({@link #fileKeyShares(byte[])}) and rebuilt from any
 * threshold of them ({@link #reconstructKey(Collection)}), which is the shape the real threshold
 * service will have.
 *
 * <p>Not a substitute for the threshold service: whoever holds the master seed can derive every
 * key. Close it to zero the seed.
 */
public final class SimulatedKeyService implements KeyService, AutoCloseable {
  private static final byte[] SALT = "veilnet/simulated-kms/v1".getBytes(UTF_8);
  private static final int KEY_BYTES = 32;
  private static final int MAX_FILE_ID = 1024;

  private final SymmetricKey masterSeed;
  private final List<byte[]> nodeIds;
  private final int threshold;
  private final SecureRandom random;

  private SimulatedKeyService(SymmetricKey masterSeed, List<byte[]> nodeIds, int threshold, SecureRandom random) {
    this.masterSeed = masterSeed;
    this.nodeIds = nodeIds;
    this.threshold = threshold;
    this.random = random;
  }

  /**
   * @param masterSeed 32-byte seed (copied; close the service to zero the copy)
   * @param nodeIds the ids of the nodes that would hold shares (at least one; each 1..64 bytes)
   * @param threshold how many shares rebuild a key (1..nodeIds.size())
   */
  public static SimulatedKeyService create(SymmetricKey masterSeed, Collection<byte[]> nodeIds, int threshold) {
    Objects.requireNonNull(masterSeed, "masterSeed");
    Objects.requireNonNull(nodeIds, "nodeIds");
    if (masterSeed.length() != KEY_BYTES) {
      throw new IllegalArgumentException("master seed must be 32 bytes, got " + masterSeed.length());
    }
    if (nodeIds.isEmpty() || nodeIds.size() > 255) {
      throw new IllegalArgumentException("need 1..255 node ids, got " + nodeIds.size());
    }
    if (threshold < 1 || threshold > nodeIds.size()) {
      throw new IllegalArgumentException(
          "threshold must be 1.." + nodeIds.size() + " (the number of nodes), got " + threshold);
    }
    List<byte[]> ids = new ArrayList<>(nodeIds.size());
    for (byte[] id : nodeIds) {
      if (id == null || id.length == 0 || id.length > 64) {
        throw new IllegalArgumentException("each node id must be 1..64 bytes");
      }
      ids.add(id.clone());
    }
    ids.sort(Comparator.comparingInt((byte[] b) -> b.length).thenComparing(java.util.Arrays::compareUnsigned));
    byte[] seed = masterSeed.bytes();
    try {
      return new SimulatedKeyService(SymmetricKey.of(seed), List.copyOf(ids), threshold, new SecureRandom());
    } finally {
      Bytes.zero(seed);
    }
  }

  public int threshold() {
    return threshold;
  }

  public int nodeCount() {
    return nodeIds.size();
  }

  @Override
  public SymmetricKey requestFileKey(byte[] fileId) {
    checkFileId(fileId);
    int len = 4 + fileId.length;
    for (byte[] id : nodeIds) {
      len += 1 + id.length;
    }
    java.nio.ByteBuffer info = java.nio.ByteBuffer.allocate(len);
    info.putInt(fileId.length).put(fileId);
    for (byte[] id : nodeIds) {
      info.put((byte) id.length).put(id);
    }
    byte[] ikm = masterSeed.bytes();
    byte[] okm = null;
    try {
      okm = Hkdf.derive(ikm, SALT, info.array(), KEY_BYTES);
      return SymmetricKey.of(okm);
    } finally {
      Bytes.zero(ikm);
      Bytes.zero(okm);
    }
  }

  /**
   * Splits the key of {@code fileId} into one share per node ({@code nodeCount()} shares, any
   * {@code threshold()} of which rebuild it).
   */
  public List<SecretShare> fileKeyShares(byte[] fileId) {
    try (SymmetricKey key = requestFileKey(fileId)) {
      byte[] raw = key.bytes();
      try {
        return Shamir.split(raw, threshold, nodeIds.size(), random);
      } finally {
        Bytes.zero(raw);
      }
    }
  }

  @Override
  public SymmetricKey generateEphemeralKey() {
    return SymmetricKey.random(KEY_BYTES, random);
  }

  @Override
  public SymmetricKey reconstructKey(Collection<SecretShare> shares) {
    Objects.requireNonNull(shares, "shares");
    byte[] raw = Shamir.combine(shares);
    try {
      if (raw.length != KEY_BYTES) {
        throw new CryptoException("shares do not hold a 32-byte key");
      }
      return SymmetricKey.of(raw);
    } finally {
      Bytes.zero(raw);
    }
  }

  private static void checkFileId(byte[] fileId) {
    if (fileId == null || fileId.length == 0 || fileId.length > MAX_FILE_ID) {
      throw new IllegalArgumentException("file id must be 1.." + MAX_FILE_ID + " bytes");
    }
  }

  @Override
  public void close() {
    masterSeed.close();
  }

  @Override
  public String toString() {
    return "SimulatedKeyService[nodes=" + nodeIds.size() + ", threshold=" + threshold + "]";
  }
}
