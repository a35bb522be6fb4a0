package io.veilnet.mdns;

import java.net.InetAddress;
import java.util.Objects;

/**
 * Immutable configuration of mDNS discovery, checked when built.
 *
 * <pre>{@code
 * MdnsConfig config = MdnsConfig.builder()
 *     .bindAddress(InetAddress.getByName("192.168.1.20"))
 *     .verifier(SignedPeerRecord.verifier())
 *     .build();
 * }</pre>
 */
public final class MdnsConfig {
  public static final int DEFAULT_EVENT_QUEUE_CAPACITY = 1024;
  public static final int DEFAULT_SUBSCRIBER_BUFFER = 256;
  public static final int DEFAULT_MAX_PEERS = 512;

  private final InetAddress bindAddress;
  private final RecordVerifier verifier;
  private final int eventQueueCapacity;
  private final int subscriberBuffer;
  private final boolean rfcTiming;
  private final int maxPeers;

  private MdnsConfig(Builder b) {
    this.bindAddress = b.bindAddress;
    this.verifier = b.verifier;
    this.eventQueueCapacity = b.eventQueueCapacity;
    this.subscriberBuffer = b.subscriberBuffer;
    this.rfcTiming = b.rfcTiming;
    this.maxPeers = b.maxPeers;
  }

  /** Most verified peers kept at once; more new identities are dropped as TABLE_FULL. */
  public int maxPeers() {
    return maxPeers;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The interface address JmDNS is bound to (never a wildcard). */
  public InetAddress bindAddress() {
    return bindAddress;
  }

  public RecordVerifier verifier() {
    return verifier;
  }

  /** Bound of the queue between JmDNS callbacks and the discovery state thread. */
  public int eventQueueCapacity() {
    return eventQueueCapacity;
  }

  /** Per-subscriber buffer of {@link LocalDiscovery#peers()}; overflow drops the oldest event. */
  public int subscriberBuffer() {
    return subscriberBuffer;
  }

  /**
   * Whether JmDNS probes and announces with RFC 6762 timing (≈ 0.9 s until a newcomer is visible)
   * instead of its stock timing (≈ 4 s). See docs/mdns.md.
   */
  public boolean rfcTiming() {
    return rfcTiming;
  }

  @Override
  public String toString() {
    return "MdnsConfig[bind=" + bindAddress.getHostAddress() + ", queue=" + eventQueueCapacity
        + ", subscriberBuffer=" + subscriberBuffer + ", rfcTiming=" + rfcTiming
        + ", maxPeers=" + maxPeers + "]";
  }

  /** Builder; {@link #build()} checks that the required values are present. */
  public static final class Builder {
    private InetAddress bindAddress;
    private RecordVerifier verifier;
    private int eventQueueCapacity = DEFAULT_EVENT_QUEUE_CAPACITY;
    private int subscriberBuffer = DEFAULT_SUBSCRIBER_BUFFER;
    private boolean rfcTiming = true;
    private int maxPeers = DEFAULT_MAX_PEERS;

    private Builder() {}

    /**
     * Required. The address of the one interface to announce and listen on. Wildcard addresses are
     * refused: JmDNS would otherwise pick an interface by itself.
     */
    public Builder bindAddress(InetAddress address) {
      Objects.requireNonNull(address, "bindAddress");
      if (address.isAnyLocalAddress()) {
        throw new IllegalArgumentException(
            "bindAddress must be an explicit interface address, not the wildcard "
                + address.getHostAddress());
      }
      if (address.isMulticastAddress()) {
        throw new IllegalArgumentException(
            "bindAddress must be an interface address, not multicast " + address.getHostAddress());
      }
      this.bindAddress = address;
      return this;
    }

    /** Required. Decides which announced records are admitted. */
    public Builder verifier(RecordVerifier verifier) {
      this.verifier = Objects.requireNonNull(verifier, "verifier");
      return this;
    }

    public Builder eventQueueCapacity(int capacity) {
      this.eventQueueCapacity = inRange(capacity, 1, 65_536, "eventQueueCapacity");
      return this;
    }

    public Builder subscriberBuffer(int size) {
      this.subscriberBuffer = inRange(size, 1, 65_536, "subscriberBuffer");
      return this;
    }

    public Builder maxPeers(int max) {
      this.maxPeers = inRange(max, 1, 65_536, "maxPeers");
      return this;
    }

    /**
     * Default {@code true}: probe 250 ms apart and announce as soon as probing succeeds (RFC 6762
     * §8.1, §8.3) instead of JmDNS's stock 1 s steps. {@code false} keeps JmDNS exactly as shipped.
     */
    public Builder rfcTiming(boolean enabled) {
      this.rfcTiming = enabled;
      return this;
    }

    public MdnsConfig build() {
      if (bindAddress == null) {
        throw new IllegalStateException("bindAddress is required");
      }
      if (verifier == null) {
        throw new IllegalStateException("verifier is required");
      }
      return new MdnsConfig(this);
    }

    private static int inRange(int v, int min, int max, String what) {
      if (v < min || v > max) {
        throw new IllegalArgumentException(what + " must be in " + min + ".." + max + ", got " + v);
      }
      return v;
    }
  }
}
