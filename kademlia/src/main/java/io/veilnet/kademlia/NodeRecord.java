package io.veilnet.kademlia;

import io.veilnet.crypto.Bytes;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The signed contact advertisement of a node (design §2): identity key (its SHA-256 is the node
 * id), X25519 static key for the handshake, host address, UDP/TCP ports, {@code seq},
 * {@code advertisedAt}, {@code ttl} and an Ed25519 signature over everything before it.
 * Immutable; byte arrays are copied in and out.
 *
 * <p>Wire layout (version 1), at most {@link #MAX_ENCODED} bytes:
 *
 * <pre>
 * version u8 = 1 | identityKey [32] | staticKey [32] | addrLen u8 (4|16) | addr [addrLen]
 * | udpPort u16 | tcpPort u16 | seq u64 | advertisedAt u64 (epoch ms) | ttl u32 (s)
 * | signature [64]
 * </pre>
 *
 * The signature covers {@code "veilnet-node-record-v1" ‖ bytes[0 .. end of ttl]}.
 */
public final class NodeRecord {
  /** Hard cap on an encoded record. */
  public static final int MAX_ENCODED = 1_000;
  /** Largest accepted ttl: 7 days. */
  public static final long MAX_TTL_SECONDS = 7L * 24 * 3600;
  public static final int VERSION = 1;
  public static final int SIGNATURE_LENGTH = 64;
  public static final int KEY_LENGTH = 32;
  private static final byte[] DOMAIN = "veilnet-node-record-v1".getBytes(StandardCharsets.US_ASCII);

  private final NodeId nodeId;
  private final byte[] identityKey;
  private final byte[] staticKey;
  private final byte[] address;
  private final int udpPort;
  private final int tcpPort;
  private final long seq;
  private final long advertisedAtMillis;
  private final long ttlSeconds;
  private final byte[] signature;
  private volatile InetSocketAddress udp;

  /**
   * Builds a record from its fields; {@code signature} may be all zero for a record that is about
   * to be signed (see {@link #withSignature(byte[])}).
   */
  public NodeRecord(
      byte[] identityKey,
      byte[] staticKey,
      InetAddress host,
      int udpPort,
      int tcpPort,
      long seq,
      long advertisedAtMillis,
      long ttlSeconds,
      byte[] signature) {
    this(checkKey(identityKey, "identityKey"), checkKey(staticKey, "staticKey"),
        host == null ? null : host.getAddress(), udpPort, tcpPort, seq, advertisedAtMillis,
        ttlSeconds, signature == null ? null : signature.clone(), true);
  }

  private NodeRecord(byte[] identityKey, byte[] staticKey, byte[] address, int udpPort, int tcpPort,
      long seq, long advertisedAtMillis, long ttlSeconds, byte[] signature, boolean check) {
    if (address == null || (address.length != 4 && address.length != 16)) {
      throw new IllegalArgumentException("host must be an IPv4 or IPv6 address");
    }
    if (udpPort < 0 || udpPort > 0xffff || tcpPort < 0 || tcpPort > 0xffff) {
      throw new IllegalArgumentException("ports must be 0..65535");
    }
    if (seq < 0) {
      throw new IllegalArgumentException("seq must be >= 0");
    }
    if (ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS) {
      throw new IllegalArgumentException("ttl must be 1.." + MAX_TTL_SECONDS + " s, got " + ttlSeconds);
    }
    if (signature == null || signature.length != SIGNATURE_LENGTH) {
      throw new IllegalArgumentException("signature must be " + SIGNATURE_LENGTH + " bytes");
    }
    this.identityKey = identityKey;
    this.staticKey = staticKey;
    this.address = address;
    this.udpPort = udpPort;
    this.tcpPort = tcpPort;
    this.seq = seq;
    this.advertisedAtMillis = advertisedAtMillis;
    this.ttlSeconds = ttlSeconds;
    this.signature = signature;
    this.nodeId = NodeId.ofIdentityKey(identityKey);
  }

  private static byte[] checkKey(byte[] key, String name) {
    if (key == null || key.length != KEY_LENGTH) {
      throw new IllegalArgumentException(name + " must be " + KEY_LENGTH + " bytes");
    }
    return key.clone();
  }

  public NodeId nodeId() {
    return nodeId;
  }

  public byte[] identityKey() {
    return identityKey.clone();
  }

  public byte[] staticKey() {
    return staticKey.clone();
  }

  public InetAddress host() {
    try {
      return InetAddress.getByAddress(address);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // lengths are checked in the constructor
    }
  }

  /** The raw address bytes (4 or 16), copied. */
  public byte[] hostBytes() {
    return address.clone();
  }

  public int udpPort() {
    return udpPort;
  }

  public int tcpPort() {
    return tcpPort;
  }

  public InetSocketAddress udpAddress() {
    InetSocketAddress a = udp;
    if (a == null) {
      a = new InetSocketAddress(host(), udpPort);
      udp = a;
    }
    return a;
  }

  public long seq() {
    return seq;
  }

  public long advertisedAtMillis() {
    return advertisedAtMillis;
  }

  public long ttlSeconds() {
    return ttlSeconds;
  }

  /** When the record stops being valid (epoch ms). */
  public long expiresAtMillis() {
    return advertisedAtMillis + ttlSeconds * 1000L;
  }

  public byte[] signature() {
    return signature.clone();
  }

  /** The same record with a new signature. */
  public NodeRecord withSignature(byte[] newSignature) {
    if (newSignature == null || newSignature.length != SIGNATURE_LENGTH) {
      throw new IllegalArgumentException("signature must be " + SIGNATURE_LENGTH + " bytes");
    }
    return new NodeRecord(identityKey, staticKey, address, udpPort, tcpPort, seq, advertisedAtMillis,
        ttlSeconds, newSignature.clone(), false);
  }

  /** The bytes the signature covers: domain tag plus the encoding up to and including ttl. */
  public byte[] signedBytes() {
    ByteBuffer b = ByteBuffer.allocate(DOMAIN.length + unsignedLength());
    b.put(DOMAIN);
    putUnsigned(b);
    return b.array();
  }

  private int unsignedLength() {
    return 1 + KEY_LENGTH + KEY_LENGTH + 1 + address.length + 2 + 2 + 8 + 8 + 4;
  }

  private void putUnsigned(ByteBuffer b) {
    b.put((byte) VERSION).put(identityKey).put(staticKey).put((byte) address.length).put(address)
        .putShort((short) udpPort).putShort((short) tcpPort).putLong(seq)
        .putLong(advertisedAtMillis).putInt((int) ttlSeconds);
  }

  /** Encoded length in bytes. */
  public int encodedLength() {
    return unsignedLength() + SIGNATURE_LENGTH;
  }

  public byte[] encode() {
    ByteBuffer b = ByteBuffer.allocate(encodedLength());
    encodeTo(b);
    return b.array();
  }

  /** Writes the encoding into {@code out}. */
  public void encodeTo(ByteBuffer out) {
    putUnsigned(out);
    out.put(signature);
  }

  /** Decodes exactly one record occupying the whole array. */
  public static NodeRecord decode(byte[] bytes) {
    if (bytes == null) {
      throw new DecodeException("node record: null");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    NodeRecord r = decode(b, bytes.length);
    if (b.hasRemaining()) {
      throw new DecodeException("node record: trailing bytes");
    }
    return r;
  }

  /**
   * Decodes one record of {@code length} bytes from {@code in}, advancing it.
   *
   * @throws DecodeException if the input is malformed, truncated or over the size cap
   */
  public static NodeRecord decode(ByteBuffer in, int length) {
    if (length > MAX_ENCODED || length > in.remaining()) {
      throw new DecodeException("node record: bad length " + length);
    }
    int start = in.position();
    if (length < 1 + 2 * KEY_LENGTH + 1) {
      throw new DecodeException("node record: truncated");
    }
    int version = in.get() & 0xff;
    if (version != VERSION) {
      throw new DecodeException("node record: unknown version " + version);
    }
    byte[] idKey = new byte[KEY_LENGTH];
    in.get(idKey);
    byte[] stKey = new byte[KEY_LENGTH];
    in.get(stKey);
    int addrLen = in.get() & 0xff;
    if (addrLen != 4 && addrLen != 16) {
      throw new DecodeException("node record: bad address length " + addrLen);
    }
    int rest = addrLen + 2 + 2 + 8 + 8 + 4 + SIGNATURE_LENGTH;
    if (length - (in.position() - start) != rest) {
      throw new DecodeException("node record: length mismatch");
    }
    byte[] addr = new byte[addrLen];
    in.get(addr);
    int udp = in.getShort() & 0xffff;
    int tcp = in.getShort() & 0xffff;
    long seq = in.getLong();
    long adv = in.getLong();
    long ttl = in.getInt() & 0xffffffffL;
    byte[] sig = new byte[SIGNATURE_LENGTH];
    in.get(sig);
    if (seq < 0) {
      throw new DecodeException("node record: negative seq");
    }
    if (ttl < 1 || ttl > MAX_TTL_SECONDS) {
      throw new DecodeException("node record: ttl out of range");
    }
    return new NodeRecord(idKey, stKey, addr, udp, tcp, seq, adv, ttl, sig, false);
  }

  /** Field-wise equality (byte arrays compared by content; signatures are public). */
  @Override
  public boolean equals(Object o) {
    return o instanceof NodeRecord r
        && seq == r.seq
        && udpPort == r.udpPort
        && tcpPort == r.tcpPort
        && advertisedAtMillis == r.advertisedAtMillis
        && ttlSeconds == r.ttlSeconds
        && Arrays.equals(identityKey, r.identityKey)
        && Arrays.equals(staticKey, r.staticKey)
        && Arrays.equals(address, r.address)
        && Arrays.equals(signature, r.signature);
  }

  @Override
  public int hashCode() {
    return nodeId.hashCode() * 31 + Long.hashCode(seq);
  }

  @Override
  public String toString() {
    return "NodeRecord[" + nodeId + " " + udpAddress() + " tcp=" + tcpPort + " seq=" + seq + "]";
  }

  /** True for 127.0.0.0/8 and ::1. */
  public boolean isLoopback() {
    if (address.length == 4) {
      return address[0] == 127;
    }
    for (int i = 0; i < 15; i++) {
      if (address[i] != 0) {
        return false;
      }
    }
    return address[15] == 1;
  }

  /** The IPv4 /24 or IPv6 /48 of the host as a number (IPv6 values never collide with IPv4). */
  public long subnet() {
    byte[] a = address;
    if (a.length == 4) {
      return ((a[0] & 0xffL) << 16) | ((a[1] & 0xffL) << 8) | (a[2] & 0xffL);
    }
    long v = 1L << 60;
    for (int i = 0; i < 6; i++) {
      v |= (a[i] & 0xffL) << (8 * (5 - i));
    }
    return v;
  }

  /** Hex of the identity key, for diagnostics (public data). */
  public String identityKeyHex() {
    return Bytes.toHex(identityKey);
  }
}
