package io.veilnet.mdns;

import io.veilnet.crypto.Ed25519PrivateKey;
import io.veilnet.crypto.Ed25519PublicKey;
import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A small built-in signed peer record, for tests and for nodes that have no kademlia node record
 * at hand. The engine normally injects kademlia's record format and verifier instead; discovery
 * does not care which (it only sees bytes and a {@link RecordVerifier}).
 *
 * <p>Layout (big-endian): {@code version(1)=1 ‖ ed25519 public key(32) ‖ seq(8) ‖ count(1) ‖
 * count × (family(1) 4|6 ‖ address(4|16) ‖ port(2)) ‖ signature(64)}. The signature is Ed25519
 * over {@value #DOMAIN} followed by every byte before the signature. The peer id is
 * {@code SHA-256(public key)}, as for Veilnet node ids.
 */
public final class SignedPeerRecord {
  public static final String DOMAIN = "veilnet-mdns-peer-record-v1";
  public static final int VERSION = 1;
  public static final int MAX_ENDPOINTS = 8;
  private static final byte[] DOMAIN_BYTES = DOMAIN.getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER = 1 + Ed25519PublicKey.LENGTH + 8 + 1;

  private SignedPeerRecord() {}

  /**
   * A record for {@code key}'s public key with {@code seq} and {@code endpoints}, signed by
   * {@code key}. Endpoint addresses must be literal (resolved) IPv4/IPv6 addresses, ports 1..65535.
   */
  public static byte[] sign(Ed25519PrivateKey key, long seq, List<InetSocketAddress> endpoints) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(endpoints, "endpoints");
    if (seq < 0) {
      throw new IllegalArgumentException("seq must be >= 0, got " + seq);
    }
    if (endpoints.size() > MAX_ENDPOINTS) {
      throw new IllegalArgumentException(
          "at most " + MAX_ENDPOINTS + " endpoints, got " + endpoints.size());
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream(HEADER + endpoints.size() * 19 + 64);
    body.write(VERSION);
    body.writeBytes(key.publicKey().bytes());
    body.writeBytes(ByteBuffer.allocate(8).putLong(seq).array());
    body.write(endpoints.size());
    for (InetSocketAddress ep : endpoints) {
      Objects.requireNonNull(ep, "endpoint");
      InetAddress a = ep.getAddress();
      if (ep.isUnresolved() || a == null) {
        throw new IllegalArgumentException("endpoint must be a literal address: " + ep);
      }
      if (ep.getPort() == 0) {
        throw new IllegalArgumentException("endpoint port must be 1..65535: " + ep);
      }
      body.write(a instanceof Inet4Address ? 4 : 6);
      body.writeBytes(a.getAddress());
      body.write(ep.getPort() >>> 8);
      body.write(ep.getPort());
    }
    byte[] unsigned = body.toByteArray();
    byte[] sig = key.sign(signingInput(unsigned, unsigned.length));
    byte[] record = new byte[unsigned.length + sig.length];
    System.arraycopy(unsigned, 0, record, 0, unsigned.length);
    System.arraycopy(sig, 0, record, unsigned.length, sig.length);
    return record;
  }

  /** The verifier for this format: strict parse, valid key, valid signature; never throws. */
  public static RecordVerifier verifier() {
    return SignedPeerRecord::verify;
  }

  /** The peer id of {@code key}: {@code SHA-256(key bytes)}. */
  public static byte[] peerId(Ed25519PublicKey key) {
    return sha256(key.bytes());
  }

  private static Optional<VerifiedPeer> verify(byte[] record) {
    if (record == null || record.length < HEADER + Ed25519PublicKey.SIGNATURE_LENGTH) {
      return Optional.empty();
    }
    ByteBuffer in = ByteBuffer.wrap(record);
    if (in.get() != VERSION) {
      return Optional.empty();
    }
    byte[] pub = new byte[Ed25519PublicKey.LENGTH];
    in.get(pub);
    long seq = in.getLong();
    int count = in.get() & 0xff;
    if (seq < 0 || count > MAX_ENDPOINTS) {
      return Optional.empty();
    }
    List<InetSocketAddress> endpoints = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      if (in.remaining() < 1) {
        return Optional.empty();
      }
      int family = in.get();
      int len = family == 4 ? 4 : family == 6 ? 16 : -1;
      if (len < 0 || in.remaining() < len + 2) {
        return Optional.empty();
      }
      byte[] addr = new byte[len];
      in.get(addr);
      int port = in.getShort() & 0xffff;
      if (port == 0) {
        return Optional.empty();
      }
      try {
        InetAddress a = InetAddress.getByAddress(addr); // literal: no name lookup
        if (family == 6 && !(a instanceof Inet6Address)) {
          return Optional.empty(); // IPv4-mapped IPv6: a second encoding of an IPv4 address
        }
        endpoints.add(new InetSocketAddress(a, port));
      } catch (UnknownHostException e) {
        return Optional.empty();
      }
    }
    if (in.remaining() != Ed25519PublicKey.SIGNATURE_LENGTH) {
      return Optional.empty();
    }
    int signedLength = in.position();
    byte[] sig = new byte[Ed25519PublicKey.SIGNATURE_LENGTH];
    in.get(sig);
    Ed25519PublicKey key;
    try {
      key = Ed25519PublicKey.of(pub);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (!key.verify(signingInput(record, signedLength), sig)) {
      return Optional.empty();
    }
    return Optional.of(new VerifiedPeer(sha256(pub), endpoints, seq));
  }

  private static byte[] signingInput(byte[] body, int length) {
    byte[] msg = new byte[DOMAIN_BYTES.length + length];
    System.arraycopy(DOMAIN_BYTES, 0, msg, 0, DOMAIN_BYTES.length);
    System.arraycopy(body, 0, msg, DOMAIN_BYTES.length, length);
    return msg;
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }
}
