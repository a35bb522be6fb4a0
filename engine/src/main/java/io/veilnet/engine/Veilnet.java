package io.veilnet.engine;

import io.veilnet.crypto.KeyService;
import io.veilnet.engine.identity.NodeIdentity;
import io.veilnet.engine.internal.DefaultRunningNode;
import io.veilnet.kademlia.KademliaResources;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Entry point of the embedded API: {@code Veilnet.node(config).start()}.
 *
 * <pre>{@code
 * try (KademliaResources loops = KademliaResources.create(2)) {
 *   RunningNode a = Veilnet.node(config).resources(loops).startNow(Duration.ofSeconds(10));
 *   ...
 *   a.close();
 * }
 * }</pre>
 *
 * <p>Immutable: each setter returns a new starter. Nothing happens until {@link #start()} is
 * subscribed.
 */
public final class Veilnet {
  private final NodeConfig config;
  private final KademliaResources resources;
  private final NodeIdentity identity;
  private final Map<String, String> environment;
  private final KeyService keyService;

  private Veilnet(NodeConfig config, KademliaResources resources, NodeIdentity identity,
      Map<String, String> environment, KeyService keyService) {
    this.config = config;
    this.resources = resources;
    this.identity = identity;
    this.environment = environment;
    this.keyService = keyService;
  }

  /** A starter for a node with {@code config}. */
  public static Veilnet node(NodeConfig config) {
    return new Veilnet(Objects.requireNonNull(config, "config"), null, null, Map.of(), null);
  }

  /**
   * Event loops shared with other nodes of this JVM; borrowed (the node never disposes them).
   * Without this the node creates and owns a one-thread group.
   */
  public Veilnet resources(KademliaResources shared) {
    return new Veilnet(config, Objects.requireNonNull(shared, "resources"), identity, environment, keyService);
  }

  /**
   * A given identity (borrowed: the caller closes it after the node). Without this the node loads
   * {@code identity.key} from the data dir, creating it if absent, or generates a fresh in-memory
   * identity when there is no data dir.
   */
  public Veilnet identity(NodeIdentity given) {
    return new Veilnet(config, resources, Objects.requireNonNull(given, "identity"), environment, keyService);
  }

  /** Environment for identity loading ({@code HOST_PRIVATE_KEY}); default none. */
  public Veilnet environment(Map<String, String> env) {
    return new Veilnet(config, resources, identity, Map.copyOf(env), keyService);
  }

  /**
   * The key service for file keys (borrowed). With it, a node that has a DHT runs the file
   * service ({@link RunningNode#files()}); nodes that read each other's files share one.
   */
  public Veilnet keyService(KeyService keys) {
    return new Veilnet(config, resources, identity, environment, Objects.requireNonNull(keys, "keyService"));
  }

  /** Starts the node: identity, DHT (+ bootstrap), mDNS, admin endpoint, in that order. Lazy. */
  public Mono<RunningNode> start() {
    return DefaultRunningNode.start(config, resources, identity, keyService, environment);
  }

  /** Blocking convenience: {@link #start()} and wait at most {@code timeout}. */
  public RunningNode startNow(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    RunningNode n = start().block(timeout);
    if (n == null) {
      throw new IllegalStateException("start() completed without a node");
    }
    return n;
  }
}
