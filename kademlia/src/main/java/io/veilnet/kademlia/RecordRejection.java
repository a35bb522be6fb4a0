package io.veilnet.kademlia;

/** Why a received node, value or provider record was refused. Each reason has a counter. */
public enum RecordRejection {
  /** The signature does not verify under the record's identity key. */
  BAD_SIGNATURE,
  /** {@code advertisedAt + ttl} (or a value's expiry) lies in the past. */
  STALE,
  /** {@code advertisedAt} lies further in the future than the allowed clock skew. */
  FUTURE_DATED,
  /** The node id does not satisfy the S/Kademlia static puzzle at the network's difficulty. */
  PUZZLE_INVALID,
  /** The record does not belong to the peer that sent it, or a value key does not match. */
  MISMATCH,
  /** The record could not be decoded. */
  MALFORMED
}
