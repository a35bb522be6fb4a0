package io.veilnet.mdns;

import io.veilnet.crypto.Bytes;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link RecordVerifier} vouches for after checking a signed record: the peer's id, the
 * endpoints the record advertises and the record's sequence number (higher wins).
 *
 * @param peerId the peer id (1..64 bytes, typically the 32-byte node id); copied in and out
 * @param endpoints advertised endpoints (at most {@link #MAX_ENDPOINTS}); immutable
 * @param seq the record's sequence number, {@code >= 0}
 */
public record VerifiedPeer(byte[] peerId, List<InetSocketAddress> endpoints, long seq) {
  public static final int MAX_PEER_ID_LENGTH = 64;
  public static final int MAX_ENDPOINTS = 16;

  public VerifiedPeer {
    Objects.requireNonNull(peerId, "peerId");
    Objects.requireNonNull(endpoints, "endpoints");
    if (peerId.length == 0 || peerId.length > MAX_PEER_ID_LENGTH) {
      throw new IllegalArgumentException(
          "peerId must be 1.." + MAX_PEER_ID_LENGTH + " bytes, got " + peerId.length);
    }
    if (endpoints.size() > MAX_ENDPOINTS) {
      throw new IllegalArgumentException(
          "at most " + MAX_ENDPOINTS + " endpoints, got " + endpoints.size());
    }
    if (seq < 0) {
      throw new IllegalArgumentException("seq must be >= 0, got " + seq);
    }
    peerId = peerId.clone();
    endpoints = List.copyOf(endpoints);
  }

  /** A copy of the peer id. */
  @Override
  public byte[] peerId() {
    return peerId.clone();
  }

  /** The peer id as lower-case hex. */
  public String peerIdHex() {
    return Bytes.toHex(peerId);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VerifiedPeer other
        && Arrays.equals(peerId, other.peerId)
        && endpoints.equals(other.endpoints)
        && seq == other.seq;
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(peerId), endpoints, seq);
  }

  @Override
  public String toString() {
    return "VerifiedPeer[" + peerIdHex() + ", endpoints=" + endpoints + ", seq=" + seq + "]";
  }
}
