package io.veilnet.engine.files;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.veilnet.crypto.Ed25519PrivateKey;
import io.veilnet.crypto.Ed25519PublicKey;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A signed value record as the file service stores it in the DHT (design §2): key, value, owner
 * key, sequence number, expiry and an Ed25519 signature by the owner over all of them. Storers
 * verify it before storing and before serving; a higher {@code seq} from the same owner wins.
 *
 * <p>Byte format ({@link #encode()}): {@code "VNR1" ‖ keyLen (1) ‖ key ‖ owner (32) ‖ seq (8) ‖
 * expiresAt (8, epoch ms) ‖ valueLen (4) ‖ value ‖ signature (64)}, integers big-endian. The
 * signature covers {@code "veilnet/record/v1" ‖} every byte before it.
 */
public final class SignedRecord {
  /** Largest value a record may carry (design §2: larger values are shards). */
  public static final int MAX_VALUE = 16 * 1024;
  public static final int MAX_KEY = 64;
  private static final byte[] MAGIC = {'V', 'N', 'R', '1'};
  private static final byte[] DOMAIN = "veilnet/record/v1".getBytes(UTF_8);

  private final byte[] key;
  private final byte[] value;
  private final Ed25519PublicKey owner;
  private final long seq;
  private final long expiresAtMillis;
  private final byte[] signature;

  private SignedRecord(byte[] key, byte[] value, Ed25519PublicKey owner, long seq, long expiresAtMillis, byte[] signature) {
    this.key = key;
    this.value = value;
    this.owner = owner;
    this.seq = seq;
    this.expiresAtMillis = expiresAtMillis;
    this.signature = signature;
  }

  /** Builds and signs a record with {@code signer}, whose public key becomes the owner. */
  public static SignedRecord sign(byte[] key, byte[] value, long seq, long expiresAtMillis, Ed25519PrivateKey signer) {
    Objects.requireNonNull(signer, "signer");
    checkFields(key, value, seq);
    byte[] k = key.clone();
    byte[] v = value.clone();
    Ed25519PublicKey owner = signer.publicKey();
    byte[] sig = signer.sign(signedBytes(k, v, owner, seq, expiresAtMillis));
    return new SignedRecord(k, v, owner, seq, expiresAtMillis, sig);
  }

  private static void checkFields(byte[] key, byte[] value, long seq) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (key.length == 0 || key.length > MAX_KEY) {
      throw new IllegalArgumentException("record key must be 1.." + MAX_KEY + " bytes, got " + key.length);
    }
    if (value.length > MAX_VALUE) {
      throw new IllegalArgumentException("record value must be at most " + MAX_VALUE + " bytes, got " + value.length);
    }
    if (seq < 0) {
      throw new IllegalArgumentException("seq must be >= 0, got " + seq);
    }
  }

  private static byte[] signedBytes(byte[] key, byte[] value, Ed25519PublicKey owner, long seq, long expires) {
    ByteBuffer b = ByteBuffer.allocate(DOMAIN.length + body(key, value));
    b.put(DOMAIN);
    writeBody(b, key, value, owner, seq, expires);
    return b.array();
  }

  private static int body(byte[] key, byte[] value) {
    return MAGIC.length + 1 + key.length + Ed25519PublicKey.LENGTH + 8 + 8 + 4 + value.length;
  }

  private static void writeBody(ByteBuffer b, byte[] key, byte[] value, Ed25519PublicKey owner, long seq, long expires) {
    b.put(MAGIC).put((byte) key.length).put(key).put(owner.bytes()).putLong(seq).putLong(expires)
        .putInt(value.length).put(value);
  }

  /** Whether the signature is the owner's over this record's fields. */
  public boolean verify() {
    return owner.verify(signedBytes(key, value, owner, seq, expiresAtMillis), signature);
  }

  public boolean isExpired(long nowMillis) {
    return nowMillis >= expiresAtMillis;
  }

  public byte[] encode() {
    ByteBuffer b = ByteBuffer.allocate(body(key, value) + Ed25519PublicKey.SIGNATURE_LENGTH);
    writeBody(b, key, value, owner, seq, expiresAtMillis);
    b.put(signature);
    return b.array();
  }

  /**
   * Parses {@link #encode()} output. Does not verify the signature (call {@link #verify()}).
   *
   * @throws IllegalArgumentException on any malformed or oversized field
   */
  public static SignedRecord decode(byte[] encoded) {
    Objects.requireNonNull(encoded, "encoded");
    if (encoded.length > MAX_VALUE + 256) {
      throw new IllegalArgumentException("record too large: " + encoded.length + " bytes");
    }
    try {
      ByteBuffer b = ByteBuffer.wrap(encoded);
      byte[] magic = new byte[MAGIC.length];
      b.get(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IllegalArgumentException("not a signed record (bad magic)");
      }
      int keyLen = b.get() & 0xff;
      byte[] key = new byte[keyLen];
      b.get(key);
      byte[] ownerBytes = new byte[Ed25519PublicKey.LENGTH];
      b.get(ownerBytes);
      long seq = b.getLong();
      long expires = b.getLong();
      int valueLen = b.getInt();
      if (valueLen < 0 || valueLen > MAX_VALUE) {
        throw new IllegalArgumentException("record value length out of range: " + valueLen);
      }
      byte[] value = new byte[valueLen];
      b.get(value);
      byte[] sig = new byte[Ed25519PublicKey.SIGNATURE_LENGTH];
      b.get(sig);
      if (b.hasRemaining()) {
        throw new IllegalArgumentException("trailing bytes after record");
      }
      checkFields(key, value, seq);
      return new SignedRecord(key, value, Ed25519PublicKey.of(ownerBytes), seq, expires, sig);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated record");
    }
  }

  public byte[] key() {
    return key.clone();
  }

  public byte[] value() {
    return value.clone();
  }

  public Ed25519PublicKey owner() {
    return owner;
  }

  public long seq() {
    return seq;
  }

  public long expiresAtMillis() {
    return expiresAtMillis;
  }

  @Override
  public String toString() {
    return "SignedRecord[key=" + io.veilnet.crypto.Bytes.toHex(key) + ", seq=" + seq + ", value=" + value.length + " bytes]";
  }
}
