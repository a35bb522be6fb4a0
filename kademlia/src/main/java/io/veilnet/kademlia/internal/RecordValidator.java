package io.veilnet.kademlia.internal;

import io.veilnet.kademlia.NodeId;
import io.veilnet.kademlia.NodeRecord;
import io.veilnet.kademlia.RecordRejection;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Verifies node records: puzzle, freshness, future dating and signature, in that order (cheap
 * checks first). Counts every rejection by reason. Thread-safe.
 */
public final class RecordValidator {
  private final SignatureVerifier verifier;
  private final int puzzleDifficulty;
  private final long maxClockSkewMillis;
  private final Map<RecordRejection, LongAdder> rejections = new EnumMap<>(RecordRejection.class);
  private final LongAdder accepted = new LongAdder();

  public RecordValidator(SignatureVerifier verifier, int puzzleDifficulty, long maxClockSkewMillis) {
    this.verifier = java.util.Objects.requireNonNull(verifier, "verifier");
    if (puzzleDifficulty < 0 || puzzleDifficulty > 64) {
      throw new IllegalArgumentException("puzzle difficulty must be 0..64, got " + puzzleDifficulty);
    }
    if (maxClockSkewMillis < 0) {
      throw new IllegalArgumentException("max clock skew must be >= 0");
    }
    this.puzzleDifficulty = puzzleDifficulty;
    this.maxClockSkewMillis = maxClockSkewMillis;
    for (RecordRejection r : RecordRejection.values()) {
      rejections.put(r, new LongAdder());
    }
  }

  public int puzzleDifficulty() {
    return puzzleDifficulty;
  }

  public SignatureVerifier signatureVerifier() {
    return verifier;
  }

  /** Returns {@code null} if the record is acceptable at {@code nowMillis}, else the reason. */
  public RecordRejection check(NodeRecord record, long nowMillis) {
    RecordRejection r = classify(record, nowMillis);
    if (r == null) {
      accepted.increment();
    } else {
      rejections.get(r).increment();
    }
    return r;
  }

  private RecordRejection classify(NodeRecord record, long nowMillis) {
    NodeId id = record.nodeId();
    if (!id.satisfiesPuzzle(puzzleDifficulty)) {
      return RecordRejection.PUZZLE_INVALID;
    }
    if (record.advertisedAtMillis() > nowMillis + maxClockSkewMillis) {
      return RecordRejection.FUTURE_DATED;
    }
    if (record.expiresAtMillis() <= nowMillis) {
      return RecordRejection.STALE;
    }
    if (!verifier.verify(record.identityKey(), record.signedBytes(), record.signature())) {
      return RecordRejection.BAD_SIGNATURE;
    }
    return null;
  }

  /** Counts a rejection decided elsewhere (e.g. a record that failed to decode). */
  public void count(RecordRejection reason) {
    rejections.get(reason).increment();
  }

  public long rejected(RecordRejection reason) {
    return rejections.get(reason).sum();
  }

  public long accepted() {
    return accepted.sum();
  }
}
