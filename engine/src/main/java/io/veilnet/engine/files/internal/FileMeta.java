package io.veilnet.engine.files.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.veilnet.crypto.Aead;
import io.veilnet.crypto.AeadAlgorithm;
import io.veilnet.crypto.Aeads;
import io.veilnet.crypto.Bytes;
import io.veilnet.crypto.DecryptionException;
import io.veilnet.crypto.Hkdf;
import io.veilnet.crypto.SymmetricKey;
import java.nio.ByteBuffer;

/**
 * The encrypted metadata in a manifest: {@code version (1) ‖ length (8) ‖ sha256 (32) ‖ nameLen (2)
 * ‖ name (UTF-8)}, sealed with XChaCha20-Poly1305 under {@code HKDF-SHA256(ikm = file key, salt =
 * "veilnet/manifest-meta/v1", info = fileId)} with the file id as associated data. Nothing in it
 * is readable by a storing node.
 */
public record FileMeta(long length, byte[] sha256, String name) {
  private static final byte[] SALT = "veilnet/manifest-meta/v1".getBytes(UTF_8);
  private static final int MAX_NAME = 1024;

  public FileMeta {
    if (name.getBytes(UTF_8).length > MAX_NAME) {
      throw new IllegalArgumentException("file name must be at most " + MAX_NAME + " UTF-8 bytes");
    }
  }

  public byte[] seal(SymmetricKey fileKey, byte[] fileId) {
    byte[] n = name.getBytes(UTF_8);
    byte[] plain = ByteBuffer.allocate(1 + 8 + 32 + 2 + n.length)
        .put((byte) 1).putLong(length).put(sha256).putShort((short) n.length).put(n).array();
    try {
      return aead(fileKey, fileId).encrypt(plain, fileId);
    } finally {
      Bytes.zero(plain);
    }
  }

  /** @throws DecryptionException if the key is wrong or the bytes were altered */
  public static FileMeta open(byte[] sealed, SymmetricKey fileKey, byte[] fileId) {
    byte[] plain = aead(fileKey, fileId).decrypt(sealed, fileId);
    try {
      ByteBuffer b = ByteBuffer.wrap(plain);
      if (plain.length < 43 || b.get() != 1) {
        throw new DecryptionException();
      }
      long length = b.getLong();
      byte[] sha = new byte[32];
      b.get(sha);
      int nameLen = b.getShort() & 0xffff;
      if (nameLen != b.remaining() || length < 0) {
        throw new DecryptionException();
      }
      byte[] n = new byte[nameLen];
      b.get(n);
      return new FileMeta(length, sha, new String(n, UTF_8));
    } finally {
      Bytes.zero(plain);
    }
  }

  private static Aead aead(SymmetricKey fileKey, byte[] fileId) {
    byte[] ikm = fileKey.bytes();
    byte[] k = Hkdf.derive(ikm, SALT, fileId, 32);
    try (SymmetricKey metaKey = SymmetricKey.of(k)) {
      return Aeads.create(AeadAlgorithm.XCHACHA20_POLY1305, metaKey);
    } finally {
      Bytes.zero(ikm);
      Bytes.zero(k);
    }
  }
}
