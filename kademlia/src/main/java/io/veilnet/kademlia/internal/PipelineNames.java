package io.veilnet.kademlia.internal;

/** Names of the handlers in a node's UDP pipeline, in order. */
public final class PipelineNames {
  public static final String RATE_LIMIT = "kad.rateLimit";
  public static final String PACKETS = "kad.packets";
  public static final String RPC = "kad.rpc";

  private PipelineNames() {}
}
