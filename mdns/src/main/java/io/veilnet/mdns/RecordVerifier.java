package io.veilnet.mdns;

import java.util.Optional;

/**
 * Checks a signed record found in an mDNS announcement. The record format is not this module's
 * business (the engine composes kademlia's node record); discovery treats it as opaque bytes and
 * admits a peer only if the verifier vouches for it.
 *
 * <p>Implementations must be thread-safe and should not block. Returning empty (or throwing) means
 * "not verified": the announcement is ignored and counted ({@link DropReason#UNVERIFIED}).
 * Freshness rules (expiry, future-dated records) belong here as well.
 */
@FunctionalInterface
public interface RecordVerifier {

  /** The verified peer, or empty if {@code record} is malformed, badly signed or not acceptable. */
  Optional<VerifiedPeer> verify(byte[] record);
}
