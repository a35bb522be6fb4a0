package io.veilnet.kademlia.internal;

import io.veilnet.kademlia.NodeId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adaptive per-peer RPC timeouts: a TCP-style smoothed RTT and variance per peer
 * ({@code timeout = srtt + 4·rttvar}, clamped), remembered for the most recent peers only.
 * Confined to the protocol thread.
 */
final class RttEstimator {
  private static final int MAX_PEERS = 4_096;
  private final long initial;
  private final long min;
  private final long max;
  private final Map<NodeId, long[]> peers = new LinkedHashMap<>(64, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<NodeId, long[]> eldest) {
      return size() > MAX_PEERS;
    }
  };

  RttEstimator(long initialMillis, long minMillis, long maxMillis) {
    this.initial = initialMillis;
    this.min = minMillis;
    this.max = maxMillis;
  }

  long timeoutMillis(NodeId peer) {
    long[] s = peers.get(peer);
    if (s == null) {
      return Math.max(min, Math.min(max, initial));
    }
    return Math.max(min, Math.min(max, (s[0] + 4 * s[1]) / 8));
  }

  /** Records one sample (ms); state is kept in eighths for integer smoothing. */
  void sample(NodeId peer, long rttMillis) {
    long r = Math.max(1, rttMillis) * 8;
    long[] s = peers.get(peer);
    if (s == null) {
      peers.put(peer, new long[] {r, r / 2});
      return;
    }
    long err = Math.abs(s[0] - r);
    s[1] = (3 * s[1] + err) / 4;
    s[0] = (7 * s[0] + r) / 8;
  }

  void penalize(NodeId peer) {
    long[] s = peers.get(peer);
    if (s != null) {
      s[1] = Math.min(s[1] * 2 + 8, max * 8);
    }
  }
}
