package io.veilnet.kademlia;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Immutable settings of one Kademlia node, checked when built. Defaults follow design §4 and the
 * libp2p record lifetimes. Use {@link #builder()} or {@link #toBuilder()}.
 */
public final class KademliaConfig {
  private final int k;
  private final int alpha;
  private final int disjointPaths;
  private final int puzzleDifficulty;
  private final Duration rpcTimeout;
  private final Duration minRpcTimeout;
  private final Duration maxRpcTimeout;
  private final Duration lookupTimeout;
  private final int maxFailures;
  private final int maxPerSubnetPerBucket;
  private final int maxPerSubnetTable;
  private final boolean exemptLoopback;
  private final Duration bucketRefreshInterval;
  private final Duration bootstrapRefreshInterval;
  private final Duration readvertiseInterval;
  private final Duration recordTtl;
  private final Duration maxClockSkew;
  private final Duration providerTtl;
  private final Duration providerRepublishInterval;
  private final Duration valueRepublishInterval;
  private final Duration expirySweepInterval;
  private final InetAddress bindAddress;
  private final int udpPort;
  private final boolean rateLimitEnabled;
  private final TransportCipher transportCipher;
  private final RateLimits rateLimits;
  private final Duration rekeyAfter;
  private final Duration sessionExpiry;
  private final List<NodeRecord> bootstrap;

  /**
   * Token-bucket limits on inbound datagrams: sustained packets per second and burst, for one
   * source IP, one /24 (IPv6 /48), one authenticated node and all traffic.
   */
  public record RateLimits(
      double perIpRate, int perIpBurst,
      double perSubnetRate, int perSubnetBurst,
      double perNodeRate, int perNodeBurst,
      double globalRate, int globalBurst) {
    public RateLimits {
      if (perIpRate <= 0 || perSubnetRate <= 0 || perNodeRate <= 0 || globalRate <= 0) {
        throw new IllegalArgumentException("rate limits must be > 0");
      }
      if (perIpBurst < 1 || perSubnetBurst < 1 || perNodeBurst < 1 || globalBurst < 1) {
        throw new IllegalArgumentException("bursts must be >= 1");
      }
    }

    /** Defaults: 500/s per IP, 2,000/s per /24, 500/s per node, 100,000/s in all. */
    public static RateLimits defaults() {
      return new RateLimits(500, 1_000, 2_000, 4_000, 500, 1_000, 100_000, 20_000);
    }
  }

  private KademliaConfig(Builder b) {
    this.k = range(b.k, 1, 64, "k");
    this.alpha = range(b.alpha, 1, 16, "alpha");
    this.disjointPaths = range(b.disjointPaths, 1, 8, "disjointPaths");
    this.puzzleDifficulty = range(b.puzzleDifficulty, 0, 32, "puzzleDifficulty");
    this.rpcTimeout = positive(b.rpcTimeout, "rpcTimeout");
    this.minRpcTimeout = positive(b.minRpcTimeout, "minRpcTimeout");
    this.maxRpcTimeout = positive(b.maxRpcTimeout, "maxRpcTimeout");
    if (minRpcTimeout.compareTo(maxRpcTimeout) > 0) {
      throw new IllegalArgumentException("minRpcTimeout must not exceed maxRpcTimeout");
    }
    this.lookupTimeout = positive(b.lookupTimeout, "lookupTimeout");
    this.maxFailures = range(b.maxFailures, 1, 100, "maxFailures");
    this.maxPerSubnetPerBucket = range(b.maxPerSubnetPerBucket, 1, 1_000, "maxPerSubnetPerBucket");
    this.maxPerSubnetTable = range(b.maxPerSubnetTable, 1, 100_000, "maxPerSubnetTable");
    this.exemptLoopback = b.exemptLoopback;
    this.bucketRefreshInterval = positive(b.bucketRefreshInterval, "bucketRefreshInterval");
    this.bootstrapRefreshInterval = positive(b.bootstrapRefreshInterval, "bootstrapRefreshInterval");
    this.readvertiseInterval = positive(b.readvertiseInterval, "readvertiseInterval");
    this.recordTtl = positive(b.recordTtl, "recordTtl");
    if (recordTtl.toSeconds() > NodeRecord.MAX_TTL_SECONDS || recordTtl.toSeconds() < 1) {
      throw new IllegalArgumentException("recordTtl must be 1 s .. 7 days");
    }
    this.maxClockSkew = Objects.requireNonNull(b.maxClockSkew, "maxClockSkew");
    this.providerTtl = positive(b.providerTtl, "providerTtl");
    this.providerRepublishInterval = positive(b.providerRepublishInterval, "providerRepublishInterval");
    this.valueRepublishInterval = positive(b.valueRepublishInterval, "valueRepublishInterval");
    this.expirySweepInterval = positive(b.expirySweepInterval, "expirySweepInterval");
    this.bindAddress = Objects.requireNonNull(b.bindAddress, "bindAddress");
    this.udpPort = range(b.udpPort, 0, 65_535, "udpPort");
    this.rateLimitEnabled = b.rateLimitEnabled;
    this.transportCipher = Objects.requireNonNull(b.transportCipher, "transportCipher");
    this.rateLimits = Objects.requireNonNull(b.rateLimits, "rateLimits");
    this.rekeyAfter = positive(b.rekeyAfter, "rekeyAfter");
    this.sessionExpiry = positive(b.sessionExpiry, "sessionExpiry");
    if (sessionExpiry.compareTo(rekeyAfter) < 0) {
      throw new IllegalArgumentException("sessionExpiry must be >= rekeyAfter");
    }
    this.bootstrap = List.copyOf(Objects.requireNonNull(b.bootstrap, "bootstrap"));
  }

  private static int range(int v, int lo, int hi, String name) {
    if (v < lo || v > hi) {
      throw new IllegalArgumentException(name + " must be " + lo + ".." + hi + ", got " + v);
    }
    return v;
  }

  private static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
    return d;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.k = k;
    b.alpha = alpha;
    b.disjointPaths = disjointPaths;
    b.puzzleDifficulty = puzzleDifficulty;
    b.rpcTimeout = rpcTimeout;
    b.minRpcTimeout = minRpcTimeout;
    b.maxRpcTimeout = maxRpcTimeout;
    b.lookupTimeout = lookupTimeout;
    b.maxFailures = maxFailures;
    b.maxPerSubnetPerBucket = maxPerSubnetPerBucket;
    b.maxPerSubnetTable = maxPerSubnetTable;
    b.exemptLoopback = exemptLoopback;
    b.bucketRefreshInterval = bucketRefreshInterval;
    b.bootstrapRefreshInterval = bootstrapRefreshInterval;
    b.readvertiseInterval = readvertiseInterval;
    b.recordTtl = recordTtl;
    b.maxClockSkew = maxClockSkew;
    b.providerTtl = providerTtl;
    b.providerRepublishInterval = providerRepublishInterval;
    b.valueRepublishInterval = valueRepublishInterval;
    b.expirySweepInterval = expirySweepInterval;
    b.bindAddress = bindAddress;
    b.udpPort = udpPort;
    b.rateLimitEnabled = rateLimitEnabled;
    b.transportCipher = transportCipher;
    b.rateLimits = rateLimits;
    b.rekeyAfter = rekeyAfter;
    b.sessionExpiry = sessionExpiry;
    b.bootstrap = bootstrap;
    return b;
  }

  public int k() { return k; }
  public int alpha() { return alpha; }
  public int disjointPaths() { return disjointPaths; }
  public int puzzleDifficulty() { return puzzleDifficulty; }
  public Duration rpcTimeout() { return rpcTimeout; }
  public Duration minRpcTimeout() { return minRpcTimeout; }
  public Duration maxRpcTimeout() { return maxRpcTimeout; }
  public Duration lookupTimeout() { return lookupTimeout; }
  public int maxFailures() { return maxFailures; }
  public int maxPerSubnetPerBucket() { return maxPerSubnetPerBucket; }
  public int maxPerSubnetTable() { return maxPerSubnetTable; }
  public boolean exemptLoopback() { return exemptLoopback; }
  public Duration bucketRefreshInterval() { return bucketRefreshInterval; }
  public Duration bootstrapRefreshInterval() { return bootstrapRefreshInterval; }
  public Duration readvertiseInterval() { return readvertiseInterval; }
  public Duration recordTtl() { return recordTtl; }
  public Duration maxClockSkew() { return maxClockSkew; }
  public Duration providerTtl() { return providerTtl; }
  public Duration providerRepublishInterval() { return providerRepublishInterval; }
  public Duration valueRepublishInterval() { return valueRepublishInterval; }
  public Duration expirySweepInterval() { return expirySweepInterval; }
  public InetAddress bindAddress() { return bindAddress; }
  public int udpPort() { return udpPort; }
  public boolean rateLimitEnabled() { return rateLimitEnabled; }
  /** AEAD of the encrypted transport; default {@link TransportCipher#AES_256_GCM}. */
  public TransportCipher transportCipher() { return transportCipher; }
  public RateLimits rateLimits() { return rateLimits; }
  public Duration rekeyAfter() { return rekeyAfter; }
  public Duration sessionExpiry() { return sessionExpiry; }
  public List<NodeRecord> bootstrap() { return bootstrap; }

  /** Mutable builder; {@link #build()} validates every field. */
  public static final class Builder {
    private int k = 20;
    private int alpha = 3;
    private int disjointPaths = 1;
    private int puzzleDifficulty = 14;
    private Duration rpcTimeout = Duration.ofMillis(1_000);
    private Duration minRpcTimeout = Duration.ofMillis(50);
    private Duration maxRpcTimeout = Duration.ofMillis(2_000);
    private Duration lookupTimeout = Duration.ofSeconds(10);
    private int maxFailures = 2;
    private int maxPerSubnetPerBucket = 2;
    private int maxPerSubnetTable = 10;
    private boolean exemptLoopback = true;
    private Duration bucketRefreshInterval = Duration.ofMinutes(10);
    private Duration bootstrapRefreshInterval = Duration.ofMinutes(5);
    private Duration readvertiseInterval = Duration.ofMinutes(30);
    private Duration recordTtl = Duration.ofHours(2);
    private Duration maxClockSkew = Duration.ofSeconds(60);
    private Duration providerTtl = Duration.ofHours(48);
    private Duration providerRepublishInterval = Duration.ofHours(22);
    private Duration valueRepublishInterval = Duration.ofHours(1);
    private Duration expirySweepInterval = Duration.ofMinutes(5);
    private InetAddress bindAddress = InetAddress.getLoopbackAddress();
    private int udpPort = 0;
    private boolean rateLimitEnabled = true;
    private TransportCipher transportCipher = TransportCipher.AES_256_GCM;
    private RateLimits rateLimits = RateLimits.defaults();
    private Duration rekeyAfter = Duration.ofSeconds(120);
    private Duration sessionExpiry = Duration.ofSeconds(180);
    private List<NodeRecord> bootstrap = List.of();

    private Builder() {}

    public Builder k(int v) { this.k = v; return this; }
    public Builder alpha(int v) { this.alpha = v; return this; }
    public Builder disjointPaths(int v) { this.disjointPaths = v; return this; }
    /** S/Kademlia static puzzle difficulty in bits (0 disables; tests use a low value). */
    public Builder puzzleDifficulty(int v) { this.puzzleDifficulty = v; return this; }
    /** Initial per-peer RPC timeout, before RTT samples adapt it. */
    public Builder rpcTimeout(Duration v) { this.rpcTimeout = v; return this; }
    public Builder minRpcTimeout(Duration v) { this.minRpcTimeout = v; return this; }
    public Builder maxRpcTimeout(Duration v) { this.maxRpcTimeout = v; return this; }
    public Builder lookupTimeout(Duration v) { this.lookupTimeout = v; return this; }
    /** Consecutive RPC failures after which a peer leaves the routing table. */
    public Builder maxFailures(int v) { this.maxFailures = v; return this; }
    public Builder maxPerSubnetPerBucket(int v) { this.maxPerSubnetPerBucket = v; return this; }
    public Builder maxPerSubnetTable(int v) { this.maxPerSubnetTable = v; return this; }
    /** Whether loopback peers (test networks) are exempt from the IP-diversity limits. */
    public Builder exemptLoopback(boolean v) { this.exemptLoopback = v; return this; }
    public Builder bucketRefreshInterval(Duration v) { this.bucketRefreshInterval = v; return this; }
    public Builder bootstrapRefreshInterval(Duration v) { this.bootstrapRefreshInterval = v; return this; }
    public Builder readvertiseInterval(Duration v) { this.readvertiseInterval = v; return this; }
    public Builder recordTtl(Duration v) { this.recordTtl = v; return this; }
    public Builder maxClockSkew(Duration v) { this.maxClockSkew = v; return this; }
    public Builder providerTtl(Duration v) { this.providerTtl = v; return this; }
    public Builder providerRepublishInterval(Duration v) { this.providerRepublishInterval = v; return this; }
    public Builder valueRepublishInterval(Duration v) { this.valueRepublishInterval = v; return this; }
    public Builder expirySweepInterval(Duration v) { this.expirySweepInterval = v; return this; }
    public Builder bindAddress(InetAddress v) { this.bindAddress = v; return this; }
    public Builder transportCipher(TransportCipher v) { this.transportCipher = v; return this; }
    public Builder udpPort(int v) { this.udpPort = v; return this; }
    public Builder rateLimitEnabled(boolean v) { this.rateLimitEnabled = v; return this; }
    public Builder rateLimits(RateLimits v) { this.rateLimits = v; return this; }
    public Builder rekeyAfter(Duration v) { this.rekeyAfter = v; return this; }
    public Builder sessionExpiry(Duration v) { this.sessionExpiry = v; return this; }
    public Builder bootstrap(List<NodeRecord> v) { this.bootstrap = v; return this; }

    public KademliaConfig build() {
      return new KademliaConfig(this);
    }
  }
}
