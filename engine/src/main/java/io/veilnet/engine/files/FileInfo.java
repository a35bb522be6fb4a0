package io.veilnet.engine.files;

import java.util.Objects;

/**
 * A file's metadata as decrypted from its manifest: name (may be empty), plaintext length, SHA-256
 * of the plaintext, segment count and erasure parameters.
 */
public record FileInfo(FileId id, String name, long size, byte[] sha256, long segments, int dataShards, int totalShards) {
  public FileInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    sha256 = sha256.clone();
  }

  @Override
  public byte[] sha256() {
    return sha256.clone();
  }
}
