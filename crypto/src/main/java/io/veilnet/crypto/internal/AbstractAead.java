package io.veilnet.crypto.internal;

import io.veilnet.crypto.Aead;
import io.veilnet.crypto.AeadAlgorithm;
import io.veilnet.crypto.DecryptionException;
import java.util.Objects;

/**
 * Not API. Base of the {@link Aead} implementations: subclasses provide slice-based {@link #seal(
 * byte[], int, byte[], int, int, byte[], byte[], int)} and {@link #open(byte[], int, byte[], int,
 * int, byte[], byte[], int)} that write into a caller's buffer; the four {@link Aead} methods are
 * built on them here, with all argument and length checks in one place.
 */
public abstract class AbstractAead implements Aead {
  static final byte[] EMPTY = new byte[0];

  private final AeadAlgorithm algorithm;

  protected AbstractAead(AeadAlgorithm algorithm) {
    this.algorithm = algorithm;
  }

  @Override
  public final AeadAlgorithm algorithm() {
    return algorithm;
  }

  /**
   * Encrypts {@code in[inOff, inOff+len)} under {@code nonce[nonceOff, nonceOff+nonceSize)} and
   * writes {@code ciphertext ‖ tag} to {@code out} at {@code outOff}. {@code out} must not overlap
   * {@code in}. Arguments are not checked beyond what the JVM checks.
   *
   * @return bytes written: {@code len + tagSize}
   */
  public abstract int seal(
      byte[] nonce, int nonceOff, byte[] in, int inOff, int len, byte[] aad, byte[] out, int outOff);

  /**
   * Decrypts {@code ciphertext ‖ tag} in {@code in[inOff, inOff+len)} ({@code len >= tagSize})
   * and writes the plaintext to {@code out} at {@code outOff} only if the tag verifies. {@code
   * out} must not overlap {@code in}.
   *
   * @return bytes written: {@code len - tagSize}
   * @throws DecryptionException on any authentication failure
   */
  public abstract int open(
      byte[] nonce, int nonceOff, byte[] in, int inOff, int len, byte[] aad, byte[] out, int outOff);

  @Override
  public final byte[] encrypt(byte[] plaintext, byte[] associatedData) {
    Objects.requireNonNull(plaintext, "plaintext");
    int n = algorithm.nonceSize();
    byte[] out = new byte[Math.addExact(n + algorithm.tagSize(), plaintext.length)];
    Randoms.nextBytes(out, n);
    seal(out, 0, plaintext, 0, plaintext.length, aad(associatedData), out, n);
    return out;
  }

  @Override
  public final byte[] decrypt(byte[] nonceCiphertextTag, byte[] associatedData) {
    Objects.requireNonNull(nonceCiphertextTag, "nonceCiphertextTag");
    int n = algorithm.nonceSize();
    int len = nonceCiphertextTag.length - n;
    if (len < algorithm.tagSize()) {
      throw new DecryptionException();
    }
    byte[] out = new byte[len - algorithm.tagSize()];
    open(nonceCiphertextTag, 0, nonceCiphertextTag, n, len, aad(associatedData), out, 0);
    return out;
  }

  @Override
  public final byte[] seal(byte[] nonce, byte[] plaintext, byte[] associatedData) {
    checkNonce(nonce);
    Objects.requireNonNull(plaintext, "plaintext");
    byte[] out = new byte[Math.addExact(algorithm.tagSize(), plaintext.length)];
    seal(nonce, 0, plaintext, 0, plaintext.length, aad(associatedData), out, 0);
    return out;
  }

  @Override
  public final byte[] open(byte[] nonce, byte[] ciphertextTag, byte[] associatedData) {
    checkNonce(nonce);
    Objects.requireNonNull(ciphertextTag, "ciphertextTag");
    if (ciphertextTag.length < algorithm.tagSize()) {
      throw new DecryptionException();
    }
    byte[] out = new byte[ciphertextTag.length - algorithm.tagSize()];
    open(nonce, 0, ciphertextTag, 0, ciphertextTag.length, aad(associatedData), out, 0);
    return out;
  }

  @Override
  public final int seal(
      byte[] nonce, byte[] in, int inOff, int len, byte[] associatedData, byte[] out, int outOff) {
    checkNonce(nonce);
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    Objects.checkFromIndexSize(inOff, len, in.length);
    Objects.checkFromIndexSize(outOff, Math.addExact(len, algorithm.tagSize()), out.length);
    return seal(nonce, 0, in, inOff, len, aad(associatedData), out, outOff);
  }

  @Override
  public final int open(
      byte[] nonce, byte[] in, int inOff, int len, byte[] associatedData, byte[] out, int outOff) {
    checkNonce(nonce);
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    Objects.checkFromIndexSize(inOff, len, in.length);
    if (len < algorithm.tagSize()) {
      throw new DecryptionException();
    }
    Objects.checkFromIndexSize(outOff, len - algorithm.tagSize(), out.length);
    return open(nonce, 0, in, inOff, len, aad(associatedData), out, outOff);
  }

  private void checkNonce(byte[] nonce) {
    Objects.requireNonNull(nonce, "nonce");
    if (nonce.length != algorithm.nonceSize()) {
      throw new IllegalArgumentException(
          algorithm + " needs a " + algorithm.nonceSize() + "-byte nonce, got " + nonce.length);
    }
  }

  static byte[] aad(byte[] associatedData) {
    return associatedData == null ? EMPTY : associatedData;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + algorithm + ", key redacted]";
  }
}
