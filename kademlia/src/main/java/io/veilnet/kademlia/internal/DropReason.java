package io.veilnet.kademlia.internal;

/** Why an inbound datagram was discarded. Every drop is counted; none ends the inbound stream. */
public enum DropReason {
  RATE_LIMITED_IP,
  RATE_LIMITED_SUBNET,
  RATE_LIMITED_NODE,
  RATE_LIMITED_GLOBAL,
  /** Too short, unknown packet type, or a bad fragment header. */
  MALFORMED,
  /** Larger than the 1,280-byte datagram limit. */
  OVERSIZED,
  /** No session or pending handshake for the receiver index. */
  UNKNOWN_SESSION,
  /** Packet counter already seen or too old, or a replayed handshake initiation. */
  REPLAYED,
  /** Authentication failed: forged, tampered, or encrypted to another key. */
  FORGED,
  /** The handshake carried a node record that is invalid or does not match its static key. */
  BAD_RECORD,
  /** Handshake timestamp outside the accepted window. */
  STALE_HANDSHAKE,
  /** Session past its expiry. */
  EXPIRED_SESSION,
  /** Reassembly limits exceeded (too many fragments or partial messages). */
  FRAGMENT_LIMIT,
  /** The decrypted message failed to decode. */
  DECODE_ERROR,
  /** A response that matches no pending request from that peer. */
  UNEXPECTED_RESPONSE
}
