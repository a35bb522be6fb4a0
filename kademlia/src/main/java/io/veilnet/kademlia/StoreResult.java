package io.veilnet.kademlia;

/** Outcome of a put or provide: the key, how many of the closest nodes acknowledged, the trace. */
public record StoreResult(NodeId key, int acks, LookupTrace trace) {}
