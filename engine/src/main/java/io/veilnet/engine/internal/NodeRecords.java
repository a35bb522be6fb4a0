package io.veilnet.engine.internal;

import io.veilnet.crypto.Ed25519PublicKey;
import io.veilnet.kademlia.DecodeException;
import io.veilnet.kademlia.NodeIdentity;
import io.veilnet.kademlia.NodeRecord;
import io.veilnet.mdns.RecordVerifier;
import io.veilnet.mdns.VerifiedPeer;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Kademlia node records as the mDNS payload: signing one for a node without a DHT, and the
 * verifier that admits announced records (valid signature, puzzle, not expired, not future-dated).
 */
public final class NodeRecords {
  private NodeRecords() {}

  /** A record for a node that has no DHT (LOCAL mode), signed with its identity key. */
  public static NodeRecord sign(NodeIdentity id, InetAddress host, int udpPort, long seq, long nowMillis,
      Duration ttl) {
    NodeRecord unsigned = new NodeRecord(id.identityPublicKey(), id.staticPublicKey(), host, udpPort, 0,
        seq, nowMillis, ttl.toSeconds(), new byte[NodeRecord.SIGNATURE_LENGTH]);
    return unsigned.withSignature(id.sign(unsigned.signedBytes()));
  }

  /** Whether {@code r} is validly signed, solves the puzzle, and is valid at {@code nowMillis}. */
  public static boolean valid(NodeRecord r, int puzzleDifficulty, long nowMillis, Duration maxSkew) {
    if (r.advertisedAtMillis() > nowMillis + maxSkew.toMillis() || r.expiresAtMillis() <= nowMillis) {
      return false;
    }
    if (!r.nodeId().satisfiesPuzzle(puzzleDifficulty)) {
      return false;
    }
    try {
      return Ed25519PublicKey.of(r.identityKey()).verify(r.signedBytes(), r.signature());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The mDNS verifier: decodes a node record and checks it with {@link #valid}. Never throws. */
  public static RecordVerifier verifier(int puzzleDifficulty, Clock clock, Duration maxSkew) {
    return bytes -> {
      NodeRecord r;
      try {
        r = NodeRecord.decode(bytes);
      } catch (DecodeException | IllegalArgumentException e) {
        return Optional.empty();
      }
      if (!valid(r, puzzleDifficulty, clock.millis(), maxSkew)) {
        return Optional.empty();
      }
      return Optional.of(new VerifiedPeer(r.nodeId().toBytes(), List.of(r.udpAddress()), r.seq()));
    };
  }
}
