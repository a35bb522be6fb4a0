package io.veilnet.mdns;

import java.util.Objects;

/**
 * One change in the set of verified LAN peers, as emitted by {@link LocalDiscovery#peers()}.
 *
 * @param change what happened
 * @param peer the verified peer (for {@link Change#REMOVED}: its last known state)
 * @param record the signed record bytes the peer was verified from (copied in and out)
 * @param serviceName the mDNS service instance that carried the record (diagnostics only; the
 *     peer's identity is {@link VerifiedPeer#peerId()}, never the instance name)
 */
public record LocalPeer(Change change, VerifiedPeer peer, byte[] record, String serviceName) {

  /** The kind of change. */
  public enum Change {
    /** A peer seen for the first time (or again after it was removed). */
    ADDED,
    /** A known peer announced a record with a higher {@code seq}. */
    UPDATED,
    /** The peer's last announcement was withdrawn (goodbye) or expired. */
    REMOVED
  }

  public LocalPeer {
    Objects.requireNonNull(change, "change");
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(serviceName, "serviceName");
    record = record.clone();
  }

  /** A copy of the signed record bytes. */
  @Override
  public byte[] record() {
    return record.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LocalPeer other
        && change == other.change
        && peer.equals(other.peer)
        && java.util.Arrays.equals(record, other.record)
        && serviceName.equals(other.serviceName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(change, peer, java.util.Arrays.hashCode(record), serviceName);
  }

  @Override
  public String toString() {
    return "LocalPeer[" + change + ", " + peer + ", service=" + serviceName + "]";
  }
}
