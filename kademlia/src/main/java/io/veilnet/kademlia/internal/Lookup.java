package io.veilnet.kademlia.internal;

import io.veilnet.kademlia.LookupTrace;
import io.veilnet.kademlia.NodeId;
import io.veilnet.kademlia.NodeRecord;
import io.veilnet.kademlia.ValueRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One iterative Kademlia lookup: keeps up to α requests in flight per path towards the k closest
 * unqueried candidates, stops when the k closest candidates that have not failed have all answered
 * (or a value is found, or enough providers), and returns a partial result at the overall deadline.
 * The result holds only peers that answered, closest first. With
 * {@code d > 1} disjoint paths (S/Kademlia), each peer belongs to the first path that learned of
 * it and paths never share peers. Confined to the protocol thread.
 */
final class Lookup {
  enum Kind {
    NODE,
    VALUE,
    PROVIDERS
  }

  /** What a lookup produced. {@code value} and {@code providers} only for those kinds. */
  record Outcome(List<NodeRecord> closest, LookupTrace trace, ValueRecord value,
      List<NodeRecord> providers) {}

  /** The protocol services a lookup uses. */
  interface Host {
    Clock clock();

    /** Sends with adaptive timeout and routing-table bookkeeping. */
    void send(NodeRecord peer, Message.Request request, RpcTransport.ResponseHandler handler);

    /** Sends with an explicit (hard) timeout. */
    void send(NodeRecord peer, Message.Request request, long timeoutMillis,
        RpcTransport.ResponseHandler handler);

    /** The adaptive per-peer timeout (srtt + 4·rttvar, clamped). */
    long softTimeoutMillis(NodeRecord peer);

    /** The hard timeout that goes with a soft one. */
    long hardTimeoutMillis(long softMillis);

    long nextRequestId();

    /**
     * True if a request to {@code peer} failed recently and nothing was heard from it since: the
     * lookup asks it only when it runs short of other candidates.
     */
    boolean recentlyFailed(NodeId peer);

    /**
     * A lookup stopped waiting for {@code peer} (several soft timeouts without an answer): other
     * lookups should not wait for it too. Its request stays open; an answer clears this.
     */
    void gaveUp(NodeRecord peer);

    /** Validates records heard from peers; returns the acceptable ones. */
    List<NodeRecord> accept(List<NodeRecord> records);

    /** Validates one record (cached); called just before a candidate is queried. */
    boolean acceptRecord(NodeRecord record, long nowMillis);

    /** True if {@code value} is a valid, unexpired record under {@code key}. */
    boolean acceptValue(NodeId key, ValueRecord value);

    NodeId self();
  }

  /**
   * A lookup waits at most this many soft timeouts (and never past the hard timeout) for one
   * candidate before it counts it as failed; a dead peer costs no more than that.
   */
  static final int GIVE_UP_SOFT_TIMEOUTS = 3;

  private static final int NEW = 0;
  private static final int IN_FLIGHT = 1;
  private static final int RESPONDED = 2;
  private static final int FAILED = 3;

  private static final class Candidate {
    final NodeRecord record;
    final int hop;
    final int path;
    int state;
    /** Past its soft timeout: no longer holds an α slot, but a late answer still counts. */
    boolean slow;
    /** Failed recently elsewhere: asked only if the path runs short of other candidates. */
    boolean suspect;
    /** Counted as failed after {@link #GIVE_UP_SOFT_TIMEOUTS} soft timeouts; may still answer. */
    boolean gaveUp;

    Candidate(NodeRecord record, int hop, int path) {
      this.record = record;
      this.hop = hop;
      this.path = path;
    }
  }

  private final Host host;
  private final Kind kind;
  private final NodeId target;
  private final int k;
  private final int alpha;
  private final int paths;
  private final int wantedProviders;
  private final Consumer<Outcome> done;
  private final ArrayList<Candidate> sorted = new ArrayList<>();
  private final Map<NodeId, Candidate> seen = new HashMap<>();
  private final int[] inFlight;
  private final Map<NodeId, NodeRecord> providers = new LinkedHashMap<>();
  private final long startMillis;
  private Clock.Cancellable deadline;
  private boolean finished;
  private int rounds;
  private int asked;
  private int responses;
  private int failures;
  private ValueRecord value;

  Lookup(Host host, Kind kind, NodeId target, int k, int alpha, int paths, int wantedProviders,
      Consumer<Outcome> done) {
    this.host = host;
    this.kind = kind;
    this.target = target;
    this.k = k;
    this.alpha = alpha;
    this.paths = paths;
    this.wantedProviders = wantedProviders;
    this.done = done;
    this.inFlight = new int[paths];
    this.startMillis = host.clock().nowMillis();
  }

  /** Starts from {@code seeds} (the routing table's closest); must run on the protocol thread. */
  void start(List<NodeRecord> seeds, long timeoutMillis) {
    int i = 0;
    for (NodeRecord r : seeds) {
      if (!r.nodeId().equals(host.self()) && !seen.containsKey(r.nodeId())) {
        add(new Candidate(r, 1, i++ % paths));
      }
    }
    deadline = host.clock().schedule(() -> finish(true), timeoutMillis);
    advance();
  }

  private void add(Candidate c) {
    c.suspect = host.recentlyFailed(c.record.nodeId());
    seen.put(c.record.nodeId(), c);
    int lo = 0;
    int hi = sorted.size();
    NodeId id = c.record.nodeId();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (target.compareDistance(sorted.get(mid).record.nodeId(), id) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    sorted.add(lo, c);
  }

  /**
   * Queries what the rule allows and finishes when it holds. Per path, in distance order:
   * <ul>
   *   <li>the <em>query window</em> is the k closest candidates that are neither failed, nor
   *       slow (past their soft timeout), nor suspect (failed recently in another request of this
   *       node and not yet asked here); unasked ones in it are queried, α at a time. Slow and
   *       suspect candidates do not hold a place in it, so the lookup already asks the next ones
   *       while they may still answer;</li>
   *   <li>the path is <em>done</em> when the k closest candidates that are neither failed nor
   *       unasked suspects have all answered. A slow candidate among them keeps the path open until
   *       it answers (its late answer counts) or the lookup gives up on it after
   *       {@link #GIVE_UP_SOFT_TIMEOUTS} soft timeouts (then it counts as failed and the next
   *       answered candidate takes its place), so a lookup never returns fewer than k live nodes
   *       while closer ones are still pending.</li>
   * </ul>
   * A path that ran short of candidates asks its suspects after all. The lookup finishes when
   * every path is done, or at the deadline with what answered so far.
   */
  private void advance() {
    if (finished) {
      return;
    }
    boolean allDone = true;
    for (int p = 0; p < paths; p++) {
      if (!advancePath(p)) {
        allDone = false;
      }
      if (finished) {
        return; // a query failed at once and that finished the lookup
      }
    }
    if (allDone) {
      finish(false);
    }
  }

  /** Queries what path {@code p} allows; true when the path is done. */
  private boolean advancePath(int p) {
    while (true) {
      int window = 0;
      for (int i = 0; i < sorted.size() && window < k && inFlight[p] < alpha; i++) {
        Candidate c = sorted.get(i);
        if (c.path != p || c.state == FAILED || c.slow || (c.suspect && c.state == NEW)) {
          continue;
        }
        if (c.state == NEW) {
          if (c.hop > 1 && !host.acceptRecord(c.record, host.clock().nowMillis())) {
            c.state = FAILED; // forged or stale referral: never asked, never returned
            continue;
          }
          query(c);
          if (finished) {
            return true;
          }
        }
        window++;
      }
      int counted = 0;
      boolean done = true;
      boolean suspects = false;
      for (int i = 0; i < sorted.size() && counted < k; i++) {
        Candidate c = sorted.get(i);
        if (c.path != p || c.state == FAILED) {
          continue;
        }
        if (c.suspect && c.state == NEW) {
          suspects = true;
          continue;
        }
        counted++;
        if (c.state != RESPONDED) {
          done = false;
        }
      }
      if (!done || counted >= k || !suspects) {
        return done;
      }
      // too few candidates besides the suspects: give them their chance after all
      for (Candidate c : sorted) {
        if (c.path == p && c.state == NEW) {
          c.suspect = false;
        }
      }
    }
  }

  private void query(Candidate c) {
    c.state = IN_FLIGHT;
    inFlight[c.path]++;
    asked++;
    rounds = Math.max(rounds, c.hop);
    long id = host.nextRequestId();
    Message.Request req = switch (kind) {
      case NODE -> new Message.FindNode(id, target);
      case VALUE -> new Message.FindValue(id, target);
      case PROVIDERS -> new Message.GetProviders(id, target);
    };
    long soft = host.softTimeoutMillis(c.record);
    long hard = host.hardTimeoutMillis(soft);
    long giveUp = Math.min(hard, GIVE_UP_SOFT_TIMEOUTS * soft);
    Clock.Cancellable[] timer = new Clock.Cancellable[1];
    timer[0] = host.clock().schedule(() -> {
      if (finished || c.state != IN_FLIGHT) {
        return;
      }
      c.slow = true; // free the slot: ask the next candidate while this one may still answer
      inFlight[c.path]--;
      timer[0] = host.clock().schedule(() -> giveUp(c), giveUp - soft);
      advance();
    }, soft);
    host.send(c.record, req, hard, new RpcTransport.ResponseHandler() {
      @Override
      public void onResponse(Message.Response response) {
        timer[0].cancel();
        onAnswer(c, response);
      }

      @Override
      public void onFailure(RpcTransport.Failure failure) {
        timer[0].cancel();
        if (finished || c.gaveUp) {
          return; // already counted as failed when the lookup gave up on it
        }
        if (!c.slow) {
          inFlight[c.path]--;
        }
        c.state = FAILED;
        failures++;
        advance();
      }
    });
  }

  /**
   * The lookup stops waiting for a slow candidate: it no longer keeps its path open and is not in
   * the result unless it still answers before the lookup ends. The request itself stays open until
   * the hard timeout, so a slow live peer is not marked failed in the routing table.
   */
  private void giveUp(Candidate c) {
    if (finished || c.state != IN_FLIGHT) {
      return;
    }
    c.gaveUp = true;
    c.state = FAILED;
    failures++;
    host.gaveUp(c.record);
    advance();
  }

  private void onAnswer(Candidate c, Message.Response response) {
    if (finished) {
      return;
    }
    if (c.gaveUp) {
      c.gaveUp = false; // a late answer still counts while the lookup runs
      failures--;
    }
    if (!c.slow) {
      inFlight[c.path]--;
    }
    List<NodeRecord> nodes;
    if (response instanceof Message.Nodes n && kind == Kind.NODE) {
      nodes = n.nodes();
    } else if (response instanceof Message.Value v && kind == Kind.VALUE) {
      nodes = v.nodes();
      if (v.value() != null && host.acceptValue(target, v.value())) {
        value = v.value();
      }
    } else if (response instanceof Message.Providers p && kind == Kind.PROVIDERS) {
      nodes = p.nodes();
      for (NodeRecord r : host.accept(p.providers())) {
        providers.putIfAbsent(r.nodeId(), r);
      }
    } else {
      c.state = FAILED;
      failures++;
      advance();
      return;
    }
    c.state = RESPONDED;
    responses++;
    if (value != null || (kind == Kind.PROVIDERS && providers.size() >= wantedProviders)) {
      finish(false);
      return;
    }
    if (nodes.size() > MessageCodec.MAX_NODES) { // referrals name up to 1.5 k peers
      nodes = nodes.subList(0, MessageCodec.MAX_NODES);
    }
    for (NodeRecord r : nodes) { // verified lazily, only if ever queried
      NodeId id = r.nodeId();
      if (!id.equals(host.self()) && !seen.containsKey(id)) {
        add(new Candidate(r, c.hop + 1, c.path));
      }
    }
    advance();
  }

  private void finish(boolean timedOut) {
    if (finished) {
      return;
    }
    finished = true;
    if (deadline != null) {
      deadline.cancel();
    }
    List<NodeRecord> closest = new ArrayList<>(k);
    for (int i = 0; i < sorted.size() && closest.size() < k; i++) {
      if (sorted.get(i).state == RESPONDED) {
        closest.add(sorted.get(i).record);
      }
    }
    LookupTrace trace = new LookupTrace(target, rounds, asked, responses, failures,
        host.clock().nowMillis() - startMillis, timedOut, paths);
    done.accept(new Outcome(closest, trace, value, List.copyOf(providers.values())));
  }
}
