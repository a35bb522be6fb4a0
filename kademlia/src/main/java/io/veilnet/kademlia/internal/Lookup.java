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
 * unqueried candidates, stops when the k closest live candidates have all answered (or a value is
 * found, or enough providers), and returns a partial result at the overall deadline. With
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

    /** Validates records heard from peers; returns the acceptable ones. */
    List<NodeRecord> accept(List<NodeRecord> records);

    /** Validates one record (cached); called just before a candidate is queried. */
    boolean acceptRecord(NodeRecord record, long nowMillis);

    /** True if {@code value} is a valid, unexpired record under {@code key}. */
    boolean acceptValue(NodeId key, ValueRecord value);

    NodeId self();
  }

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

  private void advance() {
    if (finished) {
      return;
    }
    boolean active = false;
    for (int p = 0; p < paths; p++) {
      int live = 0;
      for (int i = 0; i < sorted.size() && live < k; i++) {
        Candidate c = sorted.get(i);
        if (c.path != p || c.state == FAILED) {
          continue;
        }
        live++;
        if (c.state == NEW && inFlight[p] < alpha) {
          if (c.hop > 1 && !host.acceptRecord(c.record, host.clock().nowMillis())) {
            c.state = FAILED; // forged or stale referral: never asked, never returned
            live--;
            continue;
          }
          query(c);
        }
      }
      if (inFlight[p] > 0) {
        active = true;
      }
    }
    if (!active) {
      finish(false);
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
    Clock.Cancellable softTimer = host.clock().schedule(() -> {
      if (!finished && c.state == IN_FLIGHT && !c.slow) {
        c.slow = true; // free the slot: ask the next candidate while this one may still answer
        inFlight[c.path]--;
        advance();
      }
    }, soft);
    host.send(c.record, req, host.hardTimeoutMillis(soft), new RpcTransport.ResponseHandler() {
      @Override
      public void onResponse(Message.Response response) {
        softTimer.cancel();
        onAnswer(c, response);
      }

      @Override
      public void onFailure(RpcTransport.Failure failure) {
        softTimer.cancel();
        if (finished) {
          return;
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

  private void onAnswer(Candidate c, Message.Response response) {
    if (finished) {
      return;
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
    if (nodes.size() > k) {
      nodes = nodes.subList(0, k);
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
