package io.veilnet.engine;

import io.veilnet.kademlia.KademliaConfig;
import io.veilnet.kademlia.NodeRecord;
import io.veilnet.wasmhost.Limits;
import io.veilnet.wasmhost.RuntimeKind;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Immutable settings of one node, checked when built (every bad value is an {@link
 * IllegalArgumentException} naming the setting).
 *
 * <pre>{@code
 * NodeConfig config = NodeConfig.builder()
 *     .mode(Mode.WAN)
 *     .bindAddress(InetAddress.getByName("127.0.0.1"))
 *     .port(0)                       // ephemeral
 *     .adminPort(0)                  // admin endpoint on an ephemeral loopback port
 *     .bootstrap(List.of(seedRecord))
 *     .build();
 * }</pre>
 */
public final class NodeConfig {
  /** {@link #adminPort()} value that turns the admin endpoint off. */
  public static final int ADMIN_DISABLED = -1;

  private final Mode mode;
  private final InetAddress bindAddress;
  private final int port;
  private final int adminPort;
  private final InetAddress adminBindAddress;
  private final Path dataDir;
  private final List<NodeRecord> bootstrap;
  private final boolean dhtEnabled;
  private final int puzzleDifficulty;
  private final int maxLocalPeers;
  private final RuntimeKind runtime;
  private final Limits jobLimits;
  private final Duration startTimeout;
  private final Duration repairPeriod;
  private final Duration manifestRefreshPeriod;
  private final KademliaConfig kademlia;

  private NodeConfig(Builder b) {
    this.mode = Objects.requireNonNull(b.mode, "mode");
    this.bindAddress = Objects.requireNonNull(b.bindAddress, "bindAddress");
    if (bindAddress.isMulticastAddress()) {
      throw new IllegalArgumentException("bindAddress must be an interface address, not multicast "
          + bindAddress.getHostAddress());
    }
    if (mode.usesMdns() && bindAddress.isAnyLocalAddress()) {
      throw new IllegalArgumentException("mode " + mode
          + " needs an explicit bind address (mDNS is bound to one interface), not the wildcard");
    }
    this.port = range(b.port, 0, 65_535, "port");
    this.adminPort = range(b.adminPort, ADMIN_DISABLED, 65_535, "adminPort");
    this.adminBindAddress = Objects.requireNonNull(b.adminBindAddress, "adminBindAddress");
    this.dataDir = b.dataDir;
    this.bootstrap = List.copyOf(Objects.requireNonNull(b.bootstrap, "bootstrap"));
    this.dhtEnabled = b.dhtEnabled;
    if (mode == Mode.WAN && !dhtEnabled) {
      throw new IllegalArgumentException("mode WAN needs the DHT (dhtEnabled=false leaves it no way to find peers)");
    }
    if (mode == Mode.LOCAL && !bootstrap.isEmpty()) {
      throw new IllegalArgumentException("mode LOCAL has no DHT, so a bootstrap list makes no sense");
    }
    this.puzzleDifficulty = range(b.puzzleDifficulty, 0, 32, "puzzleDifficulty");
    this.maxLocalPeers = range(b.maxLocalPeers, 1, 65_536, "maxLocalPeers");
    this.runtime = Objects.requireNonNull(b.runtime, "runtime");
    this.jobLimits = Objects.requireNonNull(b.jobLimits, "jobLimits");
    this.startTimeout = Objects.requireNonNull(b.startTimeout, "startTimeout");
    this.repairPeriod = Objects.requireNonNull(b.repairPeriod, "repairPeriod");
    if (repairPeriod.isNegative() || repairPeriod.isZero()) {
      throw new IllegalArgumentException("repairPeriod must be positive, got " + repairPeriod);
    }
    this.manifestRefreshPeriod = Objects.requireNonNull(b.manifestRefreshPeriod, "manifestRefreshPeriod");
    io.veilnet.engine.files.FileServiceConfig files = io.veilnet.engine.files.FileServiceConfig.defaults();
    Duration window = Duration.ofMillis((long) (files.recordTtl().toMillis() * files.recordRefreshFraction()));
    if (manifestRefreshPeriod.isNegative() || manifestRefreshPeriod.isZero() || manifestRefreshPeriod.compareTo(window) >= 0) {
      throw new IllegalArgumentException("manifestRefreshPeriod must be positive and shorter than " + window
          + " (manifests are re-put when less than that is left), got " + manifestRefreshPeriod);
    }
    if (startTimeout.isNegative() || startTimeout.isZero()) {
      throw new IllegalArgumentException("startTimeout must be positive, got " + startTimeout);
    }
    this.kademlia = Objects.requireNonNull(b.kademlia, "kademlia");
  }

  private static int range(int v, int lo, int hi, String name) {
    if (v < lo || v > hi) {
      throw new IllegalArgumentException(name + " must be " + lo + ".." + hi + ", got " + v);
    }
    return v;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.mode = mode;
    b.bindAddress = bindAddress;
    b.port = port;
    b.adminPort = adminPort;
    b.adminBindAddress = adminBindAddress;
    b.dataDir = dataDir;
    b.bootstrap = bootstrap;
    b.dhtEnabled = dhtEnabled;
    b.puzzleDifficulty = puzzleDifficulty;
    b.maxLocalPeers = maxLocalPeers;
    b.runtime = runtime;
    b.jobLimits = jobLimits;
    b.startTimeout = startTimeout;
    b.repairPeriod = repairPeriod;
    b.manifestRefreshPeriod = manifestRefreshPeriod;
    b.kademlia = kademlia;
    return b;
  }

  public Mode mode() { return mode; }

  /** The address the DHT (UDP + TCP) and mDNS bind to. */
  public InetAddress bindAddress() { return bindAddress; }

  /** UDP port of the DHT (the TCP blob channel picks its own); 0 = ephemeral. */
  public int port() { return port; }

  /** Admin HTTP port; 0 = ephemeral, {@link #ADMIN_DISABLED} = no admin endpoint. */
  public int adminPort() { return adminPort; }

  /** Where the admin endpoint listens (loopback unless set). */
  public InetAddress adminBindAddress() { return adminBindAddress; }

  /** The data dir (identity.key lives there); empty = an in-memory node with a fresh identity. */
  public Optional<Path> dataDir() { return Optional.ofNullable(dataDir); }

  /** Signed records of the peers a WAN/HYBRID node joins through. */
  public List<NodeRecord> bootstrap() { return bootstrap; }

  /** Feature flag: whether WAN/HYBRID nodes create a DHT at all (HYBRID without it acts as LOCAL). */
  public boolean dhtEnabled() { return dhtEnabled; }

  /** Whether this configuration creates a DHT. */
  public boolean createsDht() { return mode != Mode.LOCAL && dhtEnabled; }

  /** S/Kademlia static puzzle difficulty for generated identities and accepted peers. */
  public int puzzleDifficulty() { return puzzleDifficulty; }

  /** Most mDNS peers kept at once. */
  public int maxLocalPeers() { return maxLocalPeers; }

  /** WASM runtime for compute jobs. */
  public RuntimeKind runtime() { return runtime; }

  /** Limits for compute jobs. */
  public Limits jobLimits() { return jobLimits; }

  /** Bound on start-up for {@link Veilnet#startNow(Duration)} callers that pass none. */
  public Duration startTimeout() { return startTimeout; }

  /** How often the node checks the files whose manifests it stores and re-creates lost shards. */
  public Duration repairPeriod() { return repairPeriod; }

  /**
   * How often the node checks the manifests it owns and re-signs and re-puts those that expire
   * within half their lifetime (default 1 h), so that its files outlive the 6-day manifest TTL.
   */
  public Duration manifestRefreshPeriod() { return manifestRefreshPeriod; }

  /**
   * DHT tuning (k, alpha, timeouts, rate limits...). Its bind address, port, puzzle difficulty and
   * bootstrap list are replaced by this config's.
   */
  public KademliaConfig kademlia() { return kademlia; }

  /** The DHT configuration this node runs with. */
  public KademliaConfig effectiveKademlia() {
    return kademlia.toBuilder().bindAddress(bindAddress).udpPort(port)
        .puzzleDifficulty(puzzleDifficulty).bootstrap(bootstrap).build();
  }

  @Override
  public String toString() {
    return "NodeConfig[mode=" + mode + ", bind=" + bindAddress.getHostAddress() + ", port=" + port
        + ", admin=" + (adminPort == ADMIN_DISABLED ? "off" : adminBindAddress.getHostAddress() + ":" + adminPort)
        + ", dataDir=" + (dataDir == null ? "(memory)" : dataDir) + ", bootstrap=" + bootstrap.size()
        + ", dht=" + createsDht() + ", puzzle=" + puzzleDifficulty + ", runtime=" + runtime + "]";
  }

  /** Mutable builder; {@link #build()} checks every value. */
  public static final class Builder {
    private Mode mode = Mode.WAN;
    private InetAddress bindAddress = InetAddress.getLoopbackAddress();
    private int port = 0;
    private int adminPort = ADMIN_DISABLED;
    private InetAddress adminBindAddress = InetAddress.getLoopbackAddress();
    private Path dataDir;
    private List<NodeRecord> bootstrap = List.of();
    private boolean dhtEnabled = true;
    private int puzzleDifficulty = 8;
    private int maxLocalPeers = 512;
    private RuntimeKind runtime = RuntimeKind.CHICORY;
    private Limits jobLimits = Limits.defaults();
    private Duration startTimeout = Duration.ofSeconds(30);
    private Duration repairPeriod = Duration.ofMinutes(10);
    private Duration manifestRefreshPeriod = Duration.ofHours(1);
    private KademliaConfig kademlia = KademliaConfig.builder().build();

    private Builder() {}

    public Builder mode(Mode v) { this.mode = Objects.requireNonNull(v, "mode"); return this; }
    public Builder bindAddress(InetAddress v) { this.bindAddress = Objects.requireNonNull(v, "bindAddress"); return this; }
    public Builder port(int v) { this.port = v; return this; }
    public Builder adminPort(int v) { this.adminPort = v; return this; }
    public Builder adminBindAddress(InetAddress v) { this.adminBindAddress = Objects.requireNonNull(v, "adminBindAddress"); return this; }
    /** {@code null} = no data dir (in-memory node, fresh identity). */
    public Builder dataDir(Path v) { this.dataDir = v; return this; }
    public Builder bootstrap(List<NodeRecord> v) { this.bootstrap = Objects.requireNonNull(v, "bootstrap"); return this; }
    public Builder dhtEnabled(boolean v) { this.dhtEnabled = v; return this; }
    public Builder puzzleDifficulty(int v) { this.puzzleDifficulty = v; return this; }
    public Builder maxLocalPeers(int v) { this.maxLocalPeers = v; return this; }
    public Builder runtime(RuntimeKind v) { this.runtime = Objects.requireNonNull(v, "runtime"); return this; }
    public Builder jobLimits(Limits v) { this.jobLimits = Objects.requireNonNull(v, "jobLimits"); return this; }
    public Builder startTimeout(Duration v) { this.startTimeout = Objects.requireNonNull(v, "startTimeout"); return this; }
    public Builder repairPeriod(Duration v) { this.repairPeriod = Objects.requireNonNull(v, "repairPeriod"); return this; }
    public Builder manifestRefreshPeriod(Duration v) { this.manifestRefreshPeriod = Objects.requireNonNull(v, "manifestRefreshPeriod"); return this; }
    public Builder kademlia(KademliaConfig v) { this.kademlia = Objects.requireNonNull(v, "kademlia"); return this; }

    public NodeConfig build() {
      return new NodeConfig(this);
    }
  }
}
