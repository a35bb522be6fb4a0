package io.veilnet.engine.files;

import io.veilnet.crypto.CesConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link FileService}. Immutable; every value is checked in {@link Builder#build()}.
 */
public final class FileServiceConfig {
  /** DHT storers refuse values that expire more than 7 days ahead (the node-record TTL cap). */
  public static final Duration MAX_RECORD_TTL = Duration.ofDays(7).minusHours(1);
  private final CesConfig ces;
  private final int segmentsInFlight;
  private final int placementCandidates;
  private final int pageReplicas;
  private final int manifestPageSize;
  private final Duration recordTtl;
  private final double recordRefreshFraction;
  private final Duration operationTimeout;

  private FileServiceConfig(Builder b) {
    this.ces = b.ces;
    this.segmentsInFlight = b.segmentsInFlight;
    this.placementCandidates = b.placementCandidates;
    this.pageReplicas = b.pageReplicas;
    this.manifestPageSize = b.manifestPageSize;
    this.recordTtl = b.recordTtl;
    this.recordRefreshFraction = b.recordRefreshFraction;
    this.operationTimeout = b.operationTimeout;
  }

  public static FileServiceConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public CesConfig ces() {
    return ces;
  }

  /**
   * Segments being encoded, placed, fetched or decoded at once. Memory held by a put or get is
   * about {@code segmentsInFlight × (segmentSize + n × shardSize)} whatever the file's size.
   */
  public int segmentsInFlight() {
    return segmentsInFlight;
  }

  /** Nodes closest to a shard id tried in turn before a placement fails. */
  public int placementCandidates() {
    return placementCandidates;
  }

  /** Copies of each manifest page (pages are needed to read any part of a big file). */
  public int pageReplicas() {
    return pageReplicas;
  }

  /** Largest manifest page in bytes (and the root record's budget, capped by the record size). */
  public int manifestPageSize() {
    return manifestPageSize;
  }

  /**
   * Lifetime of a manifest record (default 6 days). The owner re-signs and re-puts it before then
   * ({@link ManifestRefresher}); a manifest whose owner stays offline longer expires.
   */
  public Duration recordTtl() {
    return recordTtl;
  }

  /**
   * The owner re-puts a manifest once less than this fraction of {@link #recordTtl()} remains
   * (default 0.5: a 6-day manifest is refreshed after 3 days). In (0, 1].
   */
  public double recordRefreshFraction() {
    return recordRefreshFraction;
  }

  /** Upper bound on any single network operation (one store, fetch or lookup). */
  public Duration operationTimeout() {
    return operationTimeout;
  }

  public Builder toBuilder() {
    return new Builder().ces(ces).segmentsInFlight(segmentsInFlight).placementCandidates(placementCandidates)
        .pageReplicas(pageReplicas).manifestPageSize(manifestPageSize).recordTtl(recordTtl)
        .recordRefreshFraction(recordRefreshFraction).operationTimeout(operationTimeout);
  }

  @Override
  public String toString() {
    return "FileServiceConfig[" + ces + ", inFlight=" + segmentsInFlight + ", candidates=" + placementCandidates
        + ", pageReplicas=" + pageReplicas + ", page=" + manifestPageSize + "]";
  }

  /** Builder with defaults: CES defaults (4-of-6, 1 MiB), 4 segments in flight, 20 candidates. */
  public static final class Builder {
    private CesConfig ces = CesConfig.defaults();
    private int segmentsInFlight = 4;
    private int placementCandidates = 20;
    private int pageReplicas = 3;
    private int manifestPageSize = io.veilnet.kademlia.ValueRecord.MAX_VALUE;
    private Duration recordTtl = Duration.ofDays(6);
    private double recordRefreshFraction = 0.5;
    private Duration operationTimeout = Duration.ofSeconds(30);

    private Builder() {}

    public Builder ces(CesConfig ces) {
      this.ces = Objects.requireNonNull(ces, "ces");
      return this;
    }

    public Builder segmentsInFlight(int segmentsInFlight) {
      this.segmentsInFlight = segmentsInFlight;
      return this;
    }

    public Builder placementCandidates(int placementCandidates) {
      this.placementCandidates = placementCandidates;
      return this;
    }

    public Builder pageReplicas(int pageReplicas) {
      this.pageReplicas = pageReplicas;
      return this;
    }

    public Builder manifestPageSize(int manifestPageSize) {
      this.manifestPageSize = manifestPageSize;
      return this;
    }

    public Builder recordTtl(Duration recordTtl) {
      this.recordTtl = Objects.requireNonNull(recordTtl, "recordTtl");
      return this;
    }

    public Builder recordRefreshFraction(double recordRefreshFraction) {
      this.recordRefreshFraction = recordRefreshFraction;
      return this;
    }

    public Builder operationTimeout(Duration operationTimeout) {
      this.operationTimeout = Objects.requireNonNull(operationTimeout, "operationTimeout");
      return this;
    }

    public FileServiceConfig build() {
      if (segmentsInFlight < 1 || segmentsInFlight > 256) {
        throw new IllegalArgumentException("segmentsInFlight must be 1..256, got " + segmentsInFlight);
      }
      if (placementCandidates < ces.totalShards() || placementCandidates > 1000) {
        throw new IllegalArgumentException(
            "placementCandidates must be n (" + ces.totalShards() + ")..1000, got " + placementCandidates);
      }
      if (pageReplicas < 1 || pageReplicas > 20) {
        throw new IllegalArgumentException("pageReplicas must be 1..20, got " + pageReplicas);
      }
      int minPage = 512 + 2 * 32 * ces.totalShards();
      if (manifestPageSize < minPage || manifestPageSize > 1 << 20) {
        throw new IllegalArgumentException(
            "manifestPageSize must be " + minPage + ".." + (1 << 20) + " bytes for n=" + ces.totalShards() + ", got " + manifestPageSize);
      }
      if (recordTtl.isNegative() || recordTtl.isZero() || recordTtl.compareTo(MAX_RECORD_TTL) > 0) {
        throw new IllegalArgumentException("recordTtl must be positive and at most " + MAX_RECORD_TTL + ", got " + recordTtl);
      }
      if (!(recordRefreshFraction > 0 && recordRefreshFraction <= 1)) {
        throw new IllegalArgumentException("recordRefreshFraction must be in (0, 1], got " + recordRefreshFraction);
      }
      if (operationTimeout.isNegative() || operationTimeout.isZero()) {
        throw new IllegalArgumentException("operationTimeout must be positive, got " + operationTimeout);
      }
      return new FileServiceConfig(this);
    }
  }
}
