package io.veilnet.mdns;

import io.veilnet.mdns.internal.JmdnsLocalDiscovery;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Finds Veilnet peers on the local link and announces this node there.
 *
 * <p>The mDNS implementation ({@link #mdns(MdnsConfig)}) registers a {@value #SERVICE_TYPE}
 * service whose TXT record carries this node's signed record; every announcement it receives is
 * decoded and checked by the configured {@link RecordVerifier} before a peer is admitted. Nothing
 * happens until {@link #start()} is subscribed.
 *
 * <p>Lifecycle: {@code start()} once, {@code advertise(...)} as often as the record changes,
 * {@code close()} once. {@link #close()} never blocks (JmDNS needs seconds to say goodbye; that
 * happens on a dedicated daemon thread); {@link #closeAsync()} completes when it is done.
 */
public interface LocalDiscovery extends AutoCloseable {

  /** The DNS-SD service type of Veilnet nodes. */
  String SERVICE_TYPE = "_veilnet._udp.local.";

  /** An mDNS (JmDNS) discovery bound to {@code config.bindAddress()}; not started. */
  static LocalDiscovery mdns(MdnsConfig config) {
    return new JmdnsLocalDiscovery(config);
  }

  /**
   * Binds to the configured interface and starts browsing for peers. Lazy; the work happens once
   * (later subscribers get the same outcome). Fails with {@code IOException} if no interface that
   * is up and multicast-capable has the address or it cannot be bound, {@code
   * IllegalStateException} if closed.
   */
  Mono<LocalDiscovery> start();

  /** Blocking convenience: {@link #start()} and wait at most {@code timeout}. */
  default LocalDiscovery startNow(java.time.Duration timeout) {
    java.util.Objects.requireNonNull(timeout, "timeout");
    LocalDiscovery started = start().block(timeout);
    if (started == null) {
      throw new IllegalStateException("start() completed without a value");
    }
    return started;
  }

  /**
   * Announces (or re-announces) this node with {@code signedRecord}, which must pass the
   * configured verifier (else {@code IllegalArgumentException}) and fit the TXT budget (see
   * {@code docs/mdns.md}). A later call with a higher {@code seq} updates the TXT record in place
   * (the same record again is a no-op; a lower or equal {@code seq} with other bytes, or another
   * peer id, is an {@code IllegalArgumentException}). Requires {@link #start()} to have completed.
   */
  Mono<Void> advertise(byte[] signedRecord);

  /**
   * Hot stream of verified peer changes. Each subscriber first receives the currently known peers
   * as {@link LocalPeer.Change#ADDED}, then live changes. Never errors; completes on close. This
   * node's own announcements are not emitted. Events are delivered on the discovery's state
   * thread: subscribers must not block (use {@code publishOn} for slow work); one that does not
   * keep up loses its oldest buffered events ({@link DropReason#SLOW_SUBSCRIBER}).
   */
  Flux<LocalPeer> peers();

  /** Counters (accepted, removed, drops by reason). */
  DiscoveryMetrics metrics();

  /** The service instance name this node announces under, once advertised (may change on conflict). */
  java.util.Optional<String> instanceName();

  /**
   * Starts closing (if not already) and completes when JmDNS has finished closing. Idempotent;
   * never errors (a failing JmDNS close is logged).
   */
  Mono<Void> closeAsync();

  /** Completes when closing has finished; does not start closing. */
  Mono<Void> onClose();

  /** Starts closing and returns at once: the fast path for a node's shutdown. Idempotent. */
  @Override
  void close();
}
