package io.veilnet.crypto.internal;

import io.veilnet.crypto.Bytes;

/**
 * A private copy of secret key bytes with a "closed" flag: the one place where key classes keep
 * their secret, so that zeroing and use-after-close checks are written once.
 */
public final class SecretBytes {
  private final byte[] bytes;
  private volatile boolean closed;

  /** Takes ownership of {@code bytes} (no copy); the caller must not keep a reference. */
  public SecretBytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /** The held array itself, for immediate use by a primitive; never hand it out. */
  public byte[] borrow() {
    if (closed) {
      throw new IllegalStateException("key has been closed");
    }
    return bytes;
  }

  /** A copy for the caller, who should zero it when done. */
  public byte[] copy() {
    return borrow().clone();
  }

  public int length() {
    return bytes.length;
  }

  public boolean isClosed() {
    return closed;
  }

  /** Constant-time comparison of the contents (closed keys compare as their zeroed bytes). */
  public boolean constantTimeEquals(SecretBytes other) {
    return Bytes.constantTimeEquals(bytes, other.bytes);
  }

  /** Zeroes the bytes. Idempotent. */
  public void close() {
    closed = true;
    Bytes.zero(bytes);
  }
}
