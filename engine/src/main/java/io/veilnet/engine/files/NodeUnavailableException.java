package io.veilnet.engine.files;

/** A node did not answer (dead, unreachable or timed out), or no node would take a shard. */
public final class NodeUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NodeUnavailableException(NodeId node) {
    super("node " + node.toHex().substring(0, 16) + "… is unavailable");
  }

  public NodeUnavailableException(String message) {
    super(message);
  }
}
