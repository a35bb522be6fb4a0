package io.veilnet.engine.node;

/** Where a node learned about a peer. */
public enum PeerSource {
  /** A verified mDNS announcement on the local link. */
  MDNS,
  /** The Kademlia routing table. */
  DHT
}
