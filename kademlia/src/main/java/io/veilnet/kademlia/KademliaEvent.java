package io.veilnet.kademlia;

/** Things a node reports on its events {@code Flux}. Immutable. */
public sealed interface KademliaEvent {
  record PeerAdded(NodeRecord peer) implements KademliaEvent {}

  record PeerRemoved(NodeId peer) implements KademliaEvent {}

  record RecordRejected(RecordRejection reason) implements KademliaEvent {}

  record LookupCompleted(LookupTrace trace) implements KademliaEvent {}

  /** The node signed and announced a fresh record of itself. */
  record Readvertised(NodeRecord record) implements KademliaEvent {}

  /** Own values or provider records were published again. */
  record Republished(int values, int providers) implements KademliaEvent {}

  /** Expired value and provider records were dropped from the store. */
  record Expired(int records) implements KademliaEvent {}
}
