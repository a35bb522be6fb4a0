package io.veilnet.crypto;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * An immutable secret key for symmetric primitives (16 or 32 bytes). The bytes are copied in and
 * out; {@link #close()} zeroes the held copy, after which every use fails. Equality is constant
 * time; {@link #toString()} never shows the key.
 */
public final class SymmetricKey implements AutoCloseable {
  private final byte[] key;
  private volatile boolean destroyed;

  private SymmetricKey(byte[] key) {
    this.key = key;
  }

  /** Wraps a copy of {@code bytes}; 16 or 32 bytes. */
  public static SymmetricKey of(byte[] bytes) {
    if (bytes == null) {
      throw new IllegalArgumentException("key bytes must not be null");
    }
    if (bytes.length != 16 && bytes.length != 32) {
      throw new IllegalArgumentException("symmetric key must be 16 or 32 bytes, got " + bytes.length);
    }
    return new SymmetricKey(bytes.clone());
  }

  /** A fresh key of {@code length} bytes from {@code random}. */
  public static SymmetricKey random(int length, SecureRandom random) {
    byte[] b = new byte[length];
    random.nextBytes(b);
    try {
      return of(b);
    } finally {
      Bytes.zero(b);
    }
  }

  /** A fresh 32-byte key from a new {@link SecureRandom}. */
  public static SymmetricKey random() {
    return random(32, new SecureRandom());
  }

  public int length() {
    return key.length;
  }

  /** A copy of the key bytes; the caller should zero it when done. */
  public byte[] bytes() {
    checkLive();
    return key.clone();
  }

  public boolean isDestroyed() {
    return destroyed;
  }

  private void checkLive() {
    if (destroyed) {
      throw new IllegalStateException("key has been closed");
    }
  }

  /** Zeroes the key. Idempotent. */
  @Override
  public void close() {
    destroyed = true;
    Arrays.fill(key, (byte) 0);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SymmetricKey other && Bytes.constantTimeEquals(key, other.key);
  }

  @Override
  public int hashCode() {
    return key.length; // never derived from secret bytes
  }

  @Override
  public String toString() {
    return "SymmetricKey[" + key.length + " bytes, redacted]";
  }
}
