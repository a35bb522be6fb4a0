package io.veilnet.kademlia.internal;

import io.veilnet.kademlia.NodeId;
import io.veilnet.kademlia.NodeRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Kademlia k-buckets indexed by common prefix length with the local id, with a replacement cache
 * per bucket, liveness checks before eviction and IP-diversity limits. Not thread-safe by design:
 * it is owned by the node's single protocol thread (its event loop or the simulation queue).
 */
public final class RoutingTable {
  /** What {@link #offer} did with a record. */
  public enum Outcome {
    ADDED,
    UPDATED,
    /** Bucket full: the record waits in the replacement cache; ping {@link #pendingPing}. */
    PING_OLDEST,
    /** Bucket full and a liveness check already runs: the record waits in the cache. */
    CACHED,
    REJECTED_DIVERSITY,
    REJECTED_SELF
  }

  /** A live routing entry. */
  public static final class Entry {
    NodeRecord record;
    long lastSeenMillis;
    int failures;
    final int bucket;

    Entry(NodeRecord record, long lastSeenMillis, int bucket) {
      this.record = record;
      this.lastSeenMillis = lastSeenMillis;
      this.bucket = bucket;
    }

    public NodeRecord record() {
      return record;
    }

    public long lastSeenMillis() {
      return lastSeenMillis;
    }

    public int failures() {
      return failures;
    }
  }

  private static final class Bucket {
    final ArrayList<Entry> entries = new ArrayList<>(4);
    ArrayList<NodeRecord> replacements;
    NodeId pinging;
  }

  private final NodeId self;
  private final int k;
  private final int maxPerSubnetPerBucket;
  private final int maxPerSubnetTable;
  private final boolean exemptLoopback;
  private final int maxFailures;
  private final Bucket[] buckets = new Bucket[NodeId.BITS]; // created on first use
  private final long[] lastTouched = new long[NodeId.BITS];
  private static final java.util.List<Entry> NONE = List.of();
  private final Map<NodeId, Entry> index = new HashMap<>();
  private final Map<Long, Integer> subnetCounts = new HashMap<>();
  private NodeRecord pendingPing;
  private long rejectedDiversity;
  private long evictions;

  public RoutingTable(NodeId self, int k, int maxPerSubnetPerBucket, int maxPerSubnetTable,
      boolean exemptLoopback, int maxFailures, long nowMillis) {
    this.self = Objects.requireNonNull(self, "self");
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1");
    }
    this.k = k;
    this.maxPerSubnetPerBucket = maxPerSubnetPerBucket;
    this.maxPerSubnetTable = maxPerSubnetTable;
    this.exemptLoopback = exemptLoopback;
    this.maxFailures = Math.max(1, maxFailures);
    java.util.Arrays.fill(lastTouched, nowMillis);
  }

  public NodeId self() {
    return self;
  }

  public int k() {
    return k;
  }

  public int size() {
    return index.size();
  }

  public boolean contains(NodeId id) {
    return index.containsKey(id);
  }

  public NodeRecord get(NodeId id) {
    Entry e = index.get(id);
    return e == null ? null : e.record;
  }

  public Entry entry(NodeId id) {
    return index.get(id);
  }

  /** After {@link Outcome#PING_OLDEST}: the record to ping before evicting it. */
  public NodeRecord pendingPing() {
    return pendingPing;
  }

  public long rejectedDiversity() {
    return rejectedDiversity;
  }

  public long evictions() {
    return evictions;
  }

  /** The bucket index of {@code id} (its common prefix length with the local id). */
  public int bucketOf(NodeId id) {
    return self.commonPrefixLength(id);
  }

  /**
   * Offers a verified record seen at {@code nowMillis}: known peers move to the tail (most
   * recent) and take a newer record; new peers join a bucket with room, or the replacement cache.
   */
  public Outcome offer(NodeRecord record, long nowMillis) {
    NodeId id = record.nodeId();
    if (id.equals(self)) {
      return Outcome.REJECTED_SELF;
    }
    int bi = bucketOf(id);
    Bucket b = bucketFor(bi);
    Entry known = index.get(id);
    if (known != null) {
      if (record.seq() > known.record.seq()) {
        long oldNet = subnet(known.record);
        long newNet = subnet(record);
        if (oldNet != newNet && !diversityAllows(b, record, id)) {
          return Outcome.REJECTED_DIVERSITY;
        }
        decSubnet(known.record);
        incSubnet(record);
        known.record = record;
      }
      known.lastSeenMillis = nowMillis;
      known.failures = 0;
      b.entries.remove(known);
      b.entries.add(known);
      return Outcome.UPDATED;
    }
    if (!diversityAllows(b, record, null)) {
      rejectedDiversity++;
      return Outcome.REJECTED_DIVERSITY;
    }
    if (b.entries.size() < k) {
      Entry e = new Entry(record, nowMillis, bi);
      b.entries.add(e);
      index.put(id, e);
      incSubnet(record);
      return Outcome.ADDED;
    }
    addReplacement(b, record);
    if (b.pinging != null) {
      return Outcome.CACHED;
    }
    Entry oldest = b.entries.get(0);
    b.pinging = oldest.record.nodeId();
    pendingPing = oldest.record;
    return Outcome.PING_OLDEST;
  }

  private void addReplacement(Bucket b, NodeRecord record) {
    if (b.replacements == null) {
      b.replacements = new ArrayList<>(4);
    }
    NodeId id = record.nodeId();
    b.replacements.removeIf(r -> r.nodeId().equals(id));
    if (b.replacements.size() >= k) {
      b.replacements.remove(0);
    }
    b.replacements.add(record);
  }

  private Bucket bucketFor(int i) {
    Bucket b = buckets[i];
    if (b == null) {
      b = new Bucket();
      buckets[i] = b;
    }
    return b;
  }

  private List<Entry> entries(int i) {
    Bucket b = buckets[i];
    return b == null ? NONE : b.entries;
  }

  /** A peer answered: it moves to the tail and its failure count resets. */
  public void markAlive(NodeId id, long nowMillis) {
    Entry e = index.get(id);
    if (e == null) {
      return;
    }
    Bucket b = buckets[e.bucket];
    if (id.equals(b.pinging)) {
      b.pinging = null;
    }
    e.lastSeenMillis = nowMillis;
    e.failures = 0;
    b.entries.remove(e);
    b.entries.add(e);
  }

  /**
   * A request to the peer failed. The peer is evicted (and the freshest replacement promoted)
   * when it was under a liveness check or has failed {@code maxFailures} times in a row.
   *
   * @return true if the peer was removed
   */
  public boolean markFailed(NodeId id, long nowMillis) {
    Entry e = index.get(id);
    if (e == null) {
      return false;
    }
    Bucket b = buckets[e.bucket];
    e.failures++;
    boolean check = id.equals(b.pinging);
    if (check) {
      b.pinging = null;
    }
    if (!check && e.failures < maxFailures) {
      return false;
    }
    remove(id);
    evictions++;
    promoteReplacement(b, nowMillis);
    return true;
  }

  private void promoteReplacement(Bucket b, long nowMillis) {
    if (b.replacements == null) {
      return;
    }
    while (!b.replacements.isEmpty() && b.entries.size() < k) {
      NodeRecord r = b.replacements.remove(b.replacements.size() - 1);
      if (diversityAllows(b, r, null) && !index.containsKey(r.nodeId())) {
        Entry ne = new Entry(r, nowMillis, bucketOf(r.nodeId()));
        b.entries.add(0, ne); // unverified: oldest position, first to be checked
        index.put(r.nodeId(), ne);
        incSubnet(r);
      }
    }
  }

  /** Removes a peer (e.g. it presented a bad record). */
  public boolean remove(NodeId id) {
    Entry e = index.remove(id);
    if (e == null) {
      return false;
    }
    Bucket b = buckets[e.bucket];
    b.entries.remove(e);
    if (id.equals(b.pinging)) {
      b.pinging = null;
    }
    decSubnet(e.record);
    return true;
  }

  /** Marks bucket {@code i} as used now (a lookup went through it). */
  public void touchBucket(int i, long nowMillis) {
    lastTouched[i] = nowMillis;
  }

  /** Buckets that hold peers or lie below the deepest one, untouched for {@code idleMillis}. */
  public List<Integer> idleBuckets(long nowMillis, long idleMillis) {
    List<Integer> out = new ArrayList<>();
    int deepest = -1;
    for (int i = 0; i < buckets.length; i++) {
      if (!entries(i).isEmpty()) {
        deepest = i;
      }
    }
    for (int i = 0; i <= deepest; i++) {
      if (nowMillis - lastTouched[i] >= idleMillis) {
        out.add(i);
      }
    }
    return out;
  }

  /** Number of peers in bucket {@code i}. */
  public int bucketSize(int i) {
    return entries(i).size();
  }

  /** Peers of bucket {@code i}, oldest first. */
  public List<NodeRecord> bucket(int i) {
    List<NodeRecord> out = new ArrayList<>(entries(i).size());
    for (Entry e : entries(i)) {
      out.add(e.record);
    }
    return out;
  }

  public List<NodeRecord> replacements(int i) {
    Bucket b = buckets[i];
    return b == null || b.replacements == null ? List.of() : List.copyOf(b.replacements);
  }

  /** Every peer in the table. */
  public List<NodeRecord> all() {
    List<NodeRecord> out = new ArrayList<>(index.size());
    for (int i = 0; i < buckets.length; i++) {
      for (Entry e : entries(i)) {
        out.add(e.record);
      }
    }
    return out;
  }

  /**
   * The {@code n} known peers closest to {@code target} by XOR distance. Walks buckets in
   * distance order (the target's own bucket, then all deeper ones, then shallower ones one at a
   * time) so that it sorts only small groups.
   */
  public List<NodeRecord> closest(NodeId target, int n) {
    List<Entry> out = closestEntries(target, n, false);
    List<NodeRecord> res = new ArrayList<>(out.size());
    for (Entry e : out) {
      res.add(e.record);
    }
    return res;
  }

  /**
   * Like {@link #closest}, but peers whose last request failed come only after all others: the
   * {@code n} closest peers with no failure since they last answered, topped up with failing ones
   * (closest first) when there are too few. Referrals use it so that other nodes' lookups do not
   * pay timeouts for peers this node already found unresponsive. Sorted by distance.
   */
  public List<NodeRecord> closestResponsive(NodeId target, int n) {
    List<Entry> out = closestEntries(target, n, true);
    if (out.size() < n && out.size() < index.size()) {
      for (Entry e : closestEntries(target, n + failing(), false)) {
        if (e.failures > 0 && out.size() < n) {
          out.add(e);
        }
      }
      out.sort((a, b) -> target.compareDistance(a.record.nodeId(), b.record.nodeId()));
    }
    List<NodeRecord> res = new ArrayList<>(out.size());
    for (Entry e : out) {
      res.add(e.record);
    }
    return res;
  }

  private int failing() {
    int f = 0;
    for (Entry e : index.values()) {
      if (e.failures > 0) {
        f++;
      }
    }
    return f;
  }

  private List<Entry> closestEntries(NodeId target, int n, boolean responsiveOnly) {
    List<Entry> out = new ArrayList<>(Math.min(n, index.size()) + k);
    int t = Math.min(bucketOf(target), NodeId.BITS - 1);
    java.util.Comparator<Entry> byDistance =
        (a, b) -> target.compareDistance(a.record.nodeId(), b.record.nodeId());
    addEntries(out, t, responsiveOnly);
    out.sort(byDistance);
    if (out.size() < n) {
      int from = out.size();
      for (int j = t + 1; j < NodeId.BITS; j++) {
        addEntries(out, j, responsiveOnly);
      }
      if (out.size() - from > 1) {
        out.subList(from, out.size()).sort(byDistance);
      }
    }
    for (int j = t - 1; j >= 0 && out.size() < n; j--) {
      int from = out.size();
      addEntries(out, j, responsiveOnly);
      if (out.size() - from > 1) {
        out.subList(from, out.size()).sort(byDistance);
      }
    }
    if (out.size() > n) {
      out.subList(n, out.size()).clear();
    }
    return out;
  }

  private void addEntries(List<Entry> out, int bucket, boolean responsiveOnly) {
    List<Entry> es = entries(bucket);
    if (!responsiveOnly) {
      out.addAll(es);
      return;
    }
    for (Entry e : es) {
      if (e.failures == 0) {
        out.add(e);
      }
    }
  }

  private boolean diversityAllows(Bucket b, NodeRecord record, NodeId ignore) {
    if (exemptLoopback && record.isLoopback()) {
      return true;
    }
    long net = record.subnet();
    int inBucket = 0;
    for (Entry e : b.entries) {
      if (e.record.subnet() == net && !e.record.nodeId().equals(ignore)) {
        inBucket++;
      }
    }
    if (inBucket >= maxPerSubnetPerBucket) {
      return false;
    }
    return subnetCounts.getOrDefault(net, 0) < maxPerSubnetTable;
  }

  private void incSubnet(NodeRecord r) {
    subnetCounts.merge(subnet(r), 1, Integer::sum);
  }

  private void decSubnet(NodeRecord r) {
    subnetCounts.computeIfPresent(subnet(r), (key, v) -> v <= 1 ? null : v - 1);
  }

  static long subnet(NodeRecord r) {
    return r.subnet();
  }
}
