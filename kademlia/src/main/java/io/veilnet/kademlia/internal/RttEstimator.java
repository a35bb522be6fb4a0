package io.veilnet.kademlia.internal;

import io.veilnet.kademlia.NodeId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adaptive per-peer RPC timeouts: a TCP-style smoothed RTT and variance per peer
 * ({@code timeout = srtt + 4·rttvar}, clamped), remembered for the most recent peers only. A peer
 * with no history gets the same formula over every sample this node has taken (the network's
 * RTT as this node sees it), and the configured initial timeout only before the first sample.
 * Confined to the protocol thread.
 */
final class RttEstimator {
  private static final int MAX_PEERS = 4_096;
  private static final int MAX_BACKOFF_SHIFT = 6;
  private final long initial;
  private final long min;
  private final long max;
  /** srtt and rttvar over all peers, in eighths; null before the first sample. */
  private long[] network;
  /** Per peer: srtt and rttvar in eighths, and the back-off shift. */
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

  /** The timeout for a request to {@code peer}, doubled for each failure since its last answer. */
  long timeoutMillis(NodeId peer) {
    long[] s = peers.get(peer);
    if (s == null) {
      return unknownPeerTimeoutMillis();
    }
    return Math.max(min, Math.min(max, ((s[0] + 4 * s[1]) / 8) << s[2]));
  }

  /**
   * The soft timeout for a lookup query: the estimate without the back-off of
   * {@link #penalize}. A lookup does not need to wait longer for a peer because it failed before;
   * it gives up on it after a few of these and asks others.
   */
  long lookupTimeoutMillis(NodeId peer) {
    long[] s = peers.get(peer);
    if (s == null) {
      return unknownPeerTimeoutMillis();
    }
    return Math.max(min, Math.min(max, (s[0] + 4 * s[1]) / 8));
  }

  /** The timeout for a peer with no history: from the network-wide estimate once there is one. */
  long unknownPeerTimeoutMillis() {
    if (network == null) {
      return Math.max(min, Math.min(max, initial));
    }
    return Math.max(min, Math.min(max, (network[0] + 4 * network[1]) / 8));
  }

  /** Records one sample (ms); state is kept in eighths for integer smoothing. */
  void sample(NodeId peer, long rttMillis) {
    long r = Math.max(1, rttMillis) * 8;
    if (network == null) {
      network = new long[] {r, r / 2};
    } else {
      update(network, r);
    }
    long[] s = peers.get(peer);
    if (s == null) {
      peers.put(peer, new long[] {r, r / 2, 0});
      return;
    }
    update(s, r);
    s[2] = 0;
  }

  private static void update(long[] s, long r) {
    long err = Math.abs(s[0] - r);
    s[1] = (3 * s[1] + err) / 4;
    s[0] = (7 * s[0] + r) / 8;
  }

  /** A request to {@code peer} failed: back off (up to 2^6×) until it answers again. */
  void penalize(NodeId peer) {
    long[] s = peers.get(peer);
    if (s != null) {
      s[2] = Math.min(s[2] + 1, MAX_BACKOFF_SHIFT);
    }
  }
}
