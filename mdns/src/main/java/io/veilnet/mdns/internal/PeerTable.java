package io.veilnet.mdns.internal;

import io.veilnet.mdns.DropReason;
import io.veilnet.mdns.LocalPeer;
import io.veilnet.mdns.LocalPeer.Change;
import io.veilnet.mdns.VerifiedPeer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The set of verified peers, deduplicated by peer id (not by service instance: one peer may be
 * announced under several instance names, e.g. after a restart or a name conflict). Plain Java,
 * not thread-safe: owned by the discovery's state thread.
 *
 * <p>Rules: a new peer id is {@code ADDED}; a known peer with a higher {@code seq} is {@code
 * UPDATED}; the same {@code seq} with the same bytes is a duplicate (no event); a lower {@code seq},
 * or the same {@code seq} with other bytes, is {@code STALE}. A peer is {@code REMOVED} when the last
 * instance carrying it goes away. Bounded: see {@link #PeerTable(int, int)}.
 */
public final class PeerTable {

  /** What one input did: events to emit, or why it was dropped. */
  public record Outcome(List<LocalPeer> events, Optional<DropReason> drop) {
    static final Outcome NONE = new Outcome(List.of(), Optional.empty());

    static Outcome events(List<LocalPeer> events) {
      return events.isEmpty() ? NONE : new Outcome(List.copyOf(events), Optional.empty());
    }

    static Outcome dropped(DropReason reason) {
      return new Outcome(List.of(), Optional.of(reason));
    }
  }

  private static final class PeerState {
    VerifiedPeer peer;
    byte[] record;
    String lastInstance;
    final Set<String> instances = new LinkedHashSet<>();
  }

  /** Instances that may carry one peer id (restarts, renames); more are hostile. */
  public static final int DEFAULT_MAX_INSTANCES_PER_PEER = 8;

  private final Map<String, PeerState> byPeer = new HashMap<>();
  private final Map<String, String> peerOfInstance = new HashMap<>();
  private final int maxPeers;
  private final int maxInstancesPerPeer;

  /**
   * A table holding at most {@code maxPeers} peers, each carried by at most {@code
   * maxInstancesPerPeer} service instances; anything beyond is dropped as {@code TABLE_FULL}.
   */
  public PeerTable(int maxPeers, int maxInstancesPerPeer) {
    if (maxPeers < 1 || maxInstancesPerPeer < 1) {
      throw new IllegalArgumentException("limits must be >= 1");
    }
    this.maxPeers = maxPeers;
    this.maxInstancesPerPeer = maxInstancesPerPeer;
  }

  /** A verified record {@code record} for {@code peer} resolved from service {@code instance}. */
  public Outcome onResolved(String instance, byte[] record, VerifiedPeer peer) {
    String id = peer.peerIdHex();
    List<LocalPeer> events = new ArrayList<>(2);
    String previous = peerOfInstance.get(instance);
    PeerState state = byPeer.get(id);
    if (state == null) {
      if (byPeer.size() >= maxPeers) {
        return Outcome.dropped(DropReason.TABLE_FULL);
      }
      state = new PeerState();
      state.peer = peer;
      state.record = record.clone();
      state.lastInstance = instance;
      state.instances.add(instance);
      byPeer.put(id, state);
      detach(instance, previous, id, events);
      peerOfInstance.put(instance, id);
      events.add(new LocalPeer(Change.ADDED, peer, record, instance));
      return Outcome.events(events);
    }
    long known = state.peer.seq();
    if (peer.seq() < known || (peer.seq() == known && !Arrays.equals(record, state.record))) {
      return Outcome.dropped(DropReason.STALE);
    }
    if (!state.instances.contains(instance) && state.instances.size() >= maxInstancesPerPeer) {
      return Outcome.dropped(DropReason.TABLE_FULL);
    }
    detach(instance, previous, id, events);
    state.instances.add(instance);
    peerOfInstance.put(instance, id);
    if (peer.seq() > known) {
      state.peer = peer;
      state.record = record.clone();
      state.lastInstance = instance;
      events.add(new LocalPeer(Change.UPDATED, peer, record, instance));
    }
    return Outcome.events(events);
  }

  /** Service {@code instance} was withdrawn or expired. */
  public Outcome onRemoved(String instance) {
    String id = peerOfInstance.remove(instance);
    if (id == null) {
      return Outcome.NONE;
    }
    List<LocalPeer> events = new ArrayList<>(1);
    removeInstance(id, instance, events);
    return Outcome.events(events);
  }

  /** The known peers as ADDED events (what a new subscriber is told first). */
  public List<LocalPeer> snapshot() {
    List<LocalPeer> out = new ArrayList<>(byPeer.size());
    for (PeerState s : byPeer.values()) {
      out.add(new LocalPeer(Change.ADDED, s.peer, s.record, s.lastInstance));
    }
    return out;
  }

  public int size() {
    return byPeer.size();
  }

  /** The instance now carries another peer: it no longer vouches for the previous one. */
  private void detach(String instance, String previous, String newId, List<LocalPeer> events) {
    if (previous != null && !previous.equals(newId)) {
      removeInstance(previous, instance, events);
    }
  }

  private void removeInstance(String id, String instance, List<LocalPeer> events) {
    PeerState state = byPeer.get(id);
    if (state == null) {
      return;
    }
    state.instances.remove(instance);
    if (state.instances.isEmpty()) {
      byPeer.remove(id);
      events.add(new LocalPeer(Change.REMOVED, state.peer, state.record, instance));
    } else if (instance.equals(state.lastInstance)) {
      state.lastInstance = state.instances.iterator().next();
    }
  }
}
