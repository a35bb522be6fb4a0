package io.veilnet.bench;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import io.veilnet.kademlia.NodeId;
import java.util.Collection;
import java.util.PriorityQueue;
import org.HdrHistogram.Histogram;

/** The harness's measurement logic, kept free of networking so it can be unit-tested. */
public final class Stats {
  private Stats() {}

  /**
   * The {@code k} ids closest to {@code target} by XOR distance, closest first: the ground truth a
   * lookup is compared with.
   */
  public static List<byte[]> closest(List<byte[]> ids, byte[] target, int k) {
    BigInteger t = new BigInteger(1, target);
    List<byte[]> sorted = new ArrayList<>(ids);
    sorted.sort(Comparator.comparing((byte[] id) -> new BigInteger(1, id).xor(t)));
    return sorted.subList(0, Math.min(k, sorted.size()));
  }

  /** How many of {@code found} are in {@code truth} (ids compared by content). */
  public static int overlap(List<byte[]> truth, List<byte[]> found) {
    Set<BigInteger> t = new HashSet<>();
    for (byte[] id : truth) {
      t.add(new BigInteger(1, id));
    }
    int n = 0;
    Set<BigInteger> seen = new HashSet<>();
    for (byte[] id : found) {
      BigInteger b = new BigInteger(1, id);
      if (seen.add(b) && t.contains(b)) {
        n++;
      }
    }
    return n;
  }

  /**
   * Chooses {@code round(fraction × n)} distinct indices out of {@code 0..n-1}, reproducibly for a
   * given seed, never including {@code protectedIndex} (e.g. the node that drives the test).
   */
  public static List<Integer> churnSelection(int n, double fraction, long seed, int protectedIndex) {
    if (fraction < 0 || fraction >= 1) {
      throw new IllegalArgumentException("churn fraction must be in [0, 1), got " + fraction);
    }
    int count = (int) Math.round(fraction * n);
    List<Integer> candidates = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (i != protectedIndex) {
        candidates.add(i);
      }
    }
    java.util.Collections.shuffle(candidates, new Random(seed));
    List<Integer> chosen = new ArrayList<>(candidates.subList(0, Math.min(count, candidates.size())));
    chosen.sort(null);
    return chosen;
  }

  /** A histogram for latencies in microseconds up to one hour, 3 significant digits. */
  public static Histogram latencyHistogram() {
    return new Histogram(3_600_000_000L, 3);
  }

  /** A histogram for small counts (rounds, messages). */
  public static Histogram countHistogram() {
    return new Histogram(1_000_000L, 3);
  }

  /** Percentile of a histogram of microseconds, in milliseconds. */
  public static double percentileMillis(Histogram micros, double percentile) {
    return micros.getTotalCount() == 0 ? Double.NaN : micros.getValueAtPercentile(percentile) / 1000.0;
  }

  /**
   * The {@code k} node ids closest to {@code target}, closest first; the same answer as {@link
   * #closest(List, byte[], int)} but in O(n log k) without allocating per comparison, for ground
   * truth at thousands of nodes.
   */
  public static List<NodeId> closestIds(Collection<NodeId> ids, NodeId target, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    // max-heap on distance: the head is the farthest of the best k so far
    PriorityQueue<NodeId> best = new PriorityQueue<>(k + 1, (a, b) -> target.compareDistance(b, a));
    for (NodeId id : ids) {
      if (best.size() < k) {
        best.add(id);
      } else if (target.compareDistance(id, best.peek()) < 0) {
        best.poll();
        best.add(id);
      }
    }
    List<NodeId> out = new ArrayList<>(best);
    out.sort((a, b) -> target.compareDistance(a, b));
    return out;
  }

  /**
   * The overlap a lookup needs to count as "good": 19 of the true 20, or one less than the truth
   * when fewer than 20 nodes exist.
   */
  public static int goodOverlapThreshold(int truthSize) {
    return Math.max(0, Math.min(19, truthSize - 1));
  }

  /** {@code part / whole}, or NaN when nothing was measured. */
  public static double rate(long part, long whole) {
    return whole == 0 ? Double.NaN : (double) part / whole;
  }

  /**
   * Loopback address of bench node {@code index}: {@code 127.(1 + i / 256).(i % 256).1}, so every
   * node sits in its own /24 (Linux routes all of 127/8 to {@code lo}, no setup needed).
   */
  public static java.net.InetAddress nodeAddress(int index) {
    if (index < 0 || index >= MAX_NODES) {
      throw new IllegalArgumentException("node index must be 0.." + (MAX_NODES - 1) + ", got " + index);
    }
    byte[] a = {127, (byte) (1 + index / 256), (byte) (index % 256), 1};
    try {
      return java.net.InetAddress.getByAddress(a);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Most nodes {@link #nodeAddress} can place in distinct /24s of 127/8. */
  public static final int MAX_NODES = 254 * 256;
}
