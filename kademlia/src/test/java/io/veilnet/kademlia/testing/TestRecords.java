package io.veilnet.kademlia.testing;

import io.veilnet.crypto.Ed25519PrivateKey;
import io.veilnet.crypto.X25519PrivateKey;
import io.veilnet.kademlia.NodeIdentity;
import io.veilnet.kademlia.NodeRecord;
import io.veilnet.kademlia.internal.Signer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** Deterministic identities and records for tests and golden vectors. */
public final class TestRecords {
  private TestRecords() {}

  /** An identity from a fixed seed byte (Ed25519 seed and X25519 scalar all {@code b}, b+1). */
  public static NodeIdentity identity(int b) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) b);
    byte[] scalar = new byte[32];
    Arrays.fill(scalar, (byte) (b + 1));
    return new NodeIdentity(Ed25519PrivateKey.fromSeed(seed), X25519PrivateKey.of(scalar));
  }

  public static NodeRecord record(Signer signer, byte[] staticKey, String host, int udp, int tcp,
      long seq, long advertisedAt, long ttlSeconds) {
    try {
      NodeRecord unsigned = new NodeRecord(signer.publicKey(), staticKey,
          InetAddress.getByName(host), udp, tcp, seq, advertisedAt, ttlSeconds, new byte[64]);
      return unsigned.withSignature(signer.sign(unsigned.signedBytes()));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  public static NodeRecord record(NodeIdentity id, String host, int udp, long seq, long advertisedAt) {
    return record(io.veilnet.kademlia.internal.Signers.of(id), id.staticPublicKey(), host, udp, udp + 1, seq, advertisedAt, 3600);
  }

  /** A fake-signed record (cheap) on {@code host}. */
  public static NodeRecord fake(long seed, String host, long now) {
    FakeSigner s = new FakeSigner(seed);
    return record(s, FakeSigner.sha256(s.publicKey()), host, 4000, 4001, 1, now, 3600);
  }
}
