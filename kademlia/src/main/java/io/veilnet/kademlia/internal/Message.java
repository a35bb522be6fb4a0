package io.veilnet.kademlia.internal;

import io.veilnet.kademlia.NodeId;
import io.veilnet.kademlia.NodeRecord;
import io.veilnet.kademlia.ValueRecord;
import java.util.List;
import java.util.Objects;

/**
 * The Kademlia RPC messages: typed, immutable, each with a 64-bit request id that a response
 * echoes. Encoded by {@link MessageCodec}; byte layout in {@code docs/protocol.md}.
 */
public sealed interface Message {
  long requestId();

  /** Messages that open an exchange. */
  sealed interface Request extends Message {}

  /** Messages that answer a request with the same id. */
  sealed interface Response extends Message {}

  /** Liveness check; optionally carries the sender's current record (re-advertisement). */
  record Ping(long requestId, NodeRecord senderRecord) implements Request {}

  /** Answer to {@link Ping}: the responder's current record sequence number. */
  record Pong(long requestId, long recordSeq) implements Response {}

  record FindNode(long requestId, NodeId target) implements Request {
    public FindNode {
      Objects.requireNonNull(target, "target");
    }
  }

  record Nodes(long requestId, List<NodeRecord> nodes) implements Response {
    public Nodes {
      nodes = List.copyOf(nodes);
    }
  }

  record FindValue(long requestId, NodeId key) implements Request {
    public FindValue {
      Objects.requireNonNull(key, "key");
    }
  }

  /** {@code value} is null when the responder does not hold it; {@code nodes} are closer peers. */
  record Value(long requestId, ValueRecord value, List<NodeRecord> nodes) implements Response {
    public Value {
      nodes = List.copyOf(nodes);
    }
  }

  record Store(long requestId, ValueRecord value) implements Request {
    public Store {
      Objects.requireNonNull(value, "value");
    }
  }

  record AddProvider(long requestId, NodeId key, NodeRecord provider) implements Request {
    public AddProvider {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(provider, "provider");
    }
  }

  record GetProviders(long requestId, NodeId key) implements Request {
    public GetProviders {
      Objects.requireNonNull(key, "key");
    }
  }

  record Providers(long requestId, List<NodeRecord> providers, List<NodeRecord> nodes)
      implements Response {
    public Providers {
      providers = List.copyOf(providers);
      nodes = List.copyOf(nodes);
    }
  }

  /** Answer to {@link Store} and {@link AddProvider}. */
  record Ack(long requestId, Status status) implements Response {
    public Ack {
      Objects.requireNonNull(status, "status");
    }
  }

  /** Outcome carried by {@link Ack}. */
  enum Status {
    OK,
    REJECTED,
    OUTDATED,
    FULL
  }
}
