package io.veilnet.wasmhost;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A module's content id: the SHA-256 of its original bytes, in lower-case hex. */
public record ModuleId(String sha256) {
  public ModuleId {
    if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("module id must be 64 lower-case hex characters");
    }
  }

  public static ModuleId of(byte[] module) {
    try {
      return new ModuleId(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(module)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  @Override
  public String toString() {
    return "sha256:" + sha256;
  }
}
