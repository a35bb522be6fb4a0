package io.veilnet.mdns;

/** Why an announcement (or an event) was ignored. Every drop is counted, none ends a stream. */
public enum DropReason {
  /** The TXT record is not a well-formed Veilnet TXT layout (see docs/mdns.md). */
  MALFORMED_TXT,
  /** The verifier rejected the record (bad or missing signature, garbage, stale by its rules). */
  UNVERIFIED,
  /** The verifier threw; treated as unverified, counted apart because it is a bug. */
  VERIFIER_ERROR,
  /** A record for a known peer with a lower {@code seq}, or the same {@code seq} and other bytes. */
  STALE,
  /**
   * The peer table is full ({@link MdnsConfig#maxPeers()}), or one peer id is already carried by
   * the maximum number of service instances: a flood of identities or names, not a LAN.
   */
  TABLE_FULL,
  /** The discovery event queue was full (announcement storm); the announcement was skipped. */
  OVERLOADED,
  /** A subscriber of {@link LocalDiscovery#peers()} did not keep up; an event was dropped for it. */
  SLOW_SUBSCRIBER
}
