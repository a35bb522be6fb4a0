package io.veilnet.kademlia.internal;

import io.veilnet.kademlia.KademliaConfig;
import io.veilnet.kademlia.NodeId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Token buckets on inbound datagrams per source IP, per /24 (IPv6 /48), per authenticated node
 * and globally. Bounded memory: per-key buckets live in LRU maps. Confined to one event loop.
 */
public final class RateLimiter {
  private static final int MAX_KEYS = 65_536;

  static final class Bucket {
    final double rate;
    final double burst;
    double tokens;
    long lastNanos;

    Bucket(double rate, double burst, long now) {
      this.rate = rate;
      this.burst = burst;
      this.tokens = burst;
      this.lastNanos = now;
    }

    boolean take(long now) {
      double add = (now - lastNanos) / 1e9 * rate;
      lastNanos = now;
      tokens = Math.min(burst, tokens + add);
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      return false;
    }
  }

  private final KademliaConfig.RateLimits limits;
  private final LongSupplier nanos;
  private final Bucket global;
  private final Map<Object, Bucket> perIp = lru();
  private final Map<Long, Bucket> perSubnet = lru();
  private final Map<NodeId, Bucket> perNode = lru();

  private static <K> Map<K, Bucket> lru() {
    return new LinkedHashMap<>(64, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<K, Bucket> eldest) {
        return size() > MAX_KEYS;
      }
    };
  }

  public RateLimiter(KademliaConfig.RateLimits limits, LongSupplier nanos) {
    this.limits = limits;
    this.nanos = nanos;
    this.global = new Bucket(limits.globalRate(), limits.globalBurst(), nanos.getAsLong());
  }

  /**
   * Checks source limits, narrowest first (IP, then /24, then global), so that one flooding
   * address exhausts only its own bucket. Returns the reason to drop, or null to admit.
   */
  public DropReason admit(byte[] address) {
    long now = nanos.getAsLong();
    Object ipKey = address.length == 4 ? (Object) ipv4(address) : new java.math.BigInteger(1, address);
    if (!perIp.computeIfAbsent(ipKey,
        k -> new Bucket(limits.perIpRate(), limits.perIpBurst(), now)).take(now)) {
      return DropReason.RATE_LIMITED_IP;
    }
    long net = subnet(address);
    if (!perSubnet.computeIfAbsent(net,
        k -> new Bucket(limits.perSubnetRate(), limits.perSubnetBurst(), now)).take(now)) {
      return DropReason.RATE_LIMITED_SUBNET;
    }
    if (!global.take(now)) {
      return DropReason.RATE_LIMITED_GLOBAL;
    }
    return null;
  }

  /** Per-node limit, applied once a packet is authenticated. */
  public boolean admitNode(NodeId node) {
    long now = nanos.getAsLong();
    return perNode.computeIfAbsent(node,
        k -> new Bucket(limits.perNodeRate(), limits.perNodeBurst(), now)).take(now);
  }

  private static Integer ipv4(byte[] a) {
    return ((a[0] & 0xff) << 24) | ((a[1] & 0xff) << 16) | ((a[2] & 0xff) << 8) | (a[3] & 0xff);
  }

  static long subnet(byte[] a) {
    if (a.length == 4) {
      return ((a[0] & 0xffL) << 16) | ((a[1] & 0xffL) << 8) | (a[2] & 0xffL);
    }
    long v = 1L << 60;
    for (int i = 0; i < 6; i++) {
      v |= (a[i] & 0xffL) << (8 * (5 - i));
    }
    return v;
  }
}
