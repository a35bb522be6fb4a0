package io.veilnet.kademlia;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A signed, mutable value in the DHT (design §2). The DHT key is derived from the owner's
 * Ed25519 key and a name, {@code SHA-256("veilnet-value-key-v1" ‖ owner ‖ name)}, so only the
 * owner can publish under it; a higher {@code seq} replaces a lower one; storers drop the value at
 * {@code expiresAt}. Immutable.
 *
 * <p>Wire layout: {@code owner [32] | nameLen u8 | name | seq u64 | expiresAt u64 (epoch ms) |
 * valueLen u16 | value | signature [64]}; the signature covers
 * {@code "veilnet-value-v1" ‖ everything before it}.
 */
public final class ValueRecord {
  /** Largest value carried over UDP; larger payloads are blobs. */
  public static final int MAX_VALUE = 16 * 1024;
  public static final int MAX_NAME = 64;
  /** Hard cap on an encoded value record. */
  public static final int MAX_ENCODED = 32 + 1 + MAX_NAME + 8 + 8 + 2 + MAX_VALUE + 64;
  private static final byte[] DOMAIN = "veilnet-value-v1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] KEY_DOMAIN = "veilnet-value-key-v1".getBytes(StandardCharsets.US_ASCII);

  private final byte[] owner;
  private final byte[] name;
  private final long seq;
  private final long expiresAtMillis;
  private final byte[] value;
  private final byte[] signature;
  private final NodeId key;

  public ValueRecord(byte[] owner, byte[] name, long seq, long expiresAtMillis, byte[] value,
      byte[] signature) {
    this(copy(owner, "owner"), copy(name, "name"), seq, expiresAtMillis, copy(value, "value"),
        copy(signature, "signature"), 0);
  }

  private ValueRecord(byte[] owner, byte[] name, long seq, long expiresAtMillis, byte[] value,
      byte[] signature, int unused) {
    if (owner.length != 32) {
      throw new IllegalArgumentException("owner key must be 32 bytes");
    }
    if (name.length < 1 || name.length > MAX_NAME) {
      throw new IllegalArgumentException("name must be 1.." + MAX_NAME + " bytes");
    }
    if (value.length > MAX_VALUE) {
      throw new IllegalArgumentException("value must be at most " + MAX_VALUE + " bytes");
    }
    if (signature.length != 64) {
      throw new IllegalArgumentException("signature must be 64 bytes");
    }
    if (seq < 0) {
      throw new IllegalArgumentException("seq must be >= 0");
    }
    this.owner = owner;
    this.name = name;
    this.seq = seq;
    this.expiresAtMillis = expiresAtMillis;
    this.value = value;
    this.signature = signature;
    this.key = keyOf(owner, name);
  }

  private static byte[] copy(byte[] b, String what) {
    if (b == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    return b.clone();
  }

  /** The DHT key under which {@code owner} publishes {@code name}. */
  public static NodeId keyOf(byte[] owner, byte[] name) {
    ByteBuffer b = ByteBuffer.allocate(KEY_DOMAIN.length + owner.length + name.length);
    b.put(KEY_DOMAIN).put(owner).put(name);
    return NodeId.of(NodeId.sha256(b.array()));
  }

  public NodeId key() {
    return key;
  }

  public byte[] owner() {
    return owner.clone();
  }

  public byte[] name() {
    return name.clone();
  }

  public long seq() {
    return seq;
  }

  public long expiresAtMillis() {
    return expiresAtMillis;
  }

  public byte[] value() {
    return value.clone();
  }

  public int valueLength() {
    return value.length;
  }

  public byte[] signature() {
    return signature.clone();
  }

  public ValueRecord withSignature(byte[] sig) {
    return new ValueRecord(owner, name, seq, expiresAtMillis, value, copy(sig, "signature"), 0);
  }

  private int unsignedLength() {
    return 32 + 1 + name.length + 8 + 8 + 2 + value.length;
  }

  public int encodedLength() {
    return unsignedLength() + 64;
  }

  private void putUnsigned(ByteBuffer b) {
    b.put(owner).put((byte) name.length).put(name).putLong(seq).putLong(expiresAtMillis)
        .putShort((short) value.length).put(value);
  }

  public byte[] signedBytes() {
    ByteBuffer b = ByteBuffer.allocate(DOMAIN.length + unsignedLength());
    b.put(DOMAIN);
    putUnsigned(b);
    return b.array();
  }

  public void encodeTo(ByteBuffer out) {
    putUnsigned(out);
    out.put(signature);
  }

  public byte[] encode() {
    ByteBuffer b = ByteBuffer.allocate(encodedLength());
    encodeTo(b);
    return b.array();
  }

  public static ValueRecord decode(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    ValueRecord r = decode(b);
    if (b.hasRemaining()) {
      throw new DecodeException("value record: trailing bytes");
    }
    return r;
  }

  /** Decodes one record from {@code in}, advancing it. */
  public static ValueRecord decode(ByteBuffer in) {
    need(in, 33);
    byte[] owner = new byte[32];
    in.get(owner);
    int nameLen = in.get() & 0xff;
    if (nameLen < 1 || nameLen > MAX_NAME) {
      throw new DecodeException("value record: bad name length");
    }
    need(in, nameLen + 18);
    byte[] name = new byte[nameLen];
    in.get(name);
    long seq = in.getLong();
    long expires = in.getLong();
    int valueLen = in.getShort() & 0xffff;
    if (valueLen > MAX_VALUE) {
      throw new DecodeException("value record: value too long");
    }
    if (seq < 0) {
      throw new DecodeException("value record: negative seq");
    }
    need(in, valueLen + 64);
    byte[] value = new byte[valueLen];
    in.get(value);
    byte[] sig = new byte[64];
    in.get(sig);
    return new ValueRecord(owner, name, seq, expires, value, sig, 0);
  }

  private static void need(ByteBuffer in, int n) {
    if (in.remaining() < n) {
      throw new DecodeException("value record: truncated");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ValueRecord r && seq == r.seq && expiresAtMillis == r.expiresAtMillis
        && Arrays.equals(owner, r.owner) && Arrays.equals(name, r.name)
        && Arrays.equals(value, r.value) && Arrays.equals(signature, r.signature);
  }

  @Override
  public int hashCode() {
    return key.hashCode() * 31 + Long.hashCode(seq);
  }

  @Override
  public String toString() {
    return "ValueRecord[key=" + key + " seq=" + seq + " " + value.length + " bytes]";
  }
}
