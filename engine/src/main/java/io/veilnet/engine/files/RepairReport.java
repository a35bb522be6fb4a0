package io.veilnet.engine.files;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of one repair pass over one file: segments checked, shards re-created and placed,
 * and the segments that had fewer than k shards left (beyond repair). {@code error} is non-null
 * when the pass could not run (for example the manifest was unreachable).
 */
public record RepairReport(FileId fileId, long segmentsChecked, long shardsRecreated, List<Long> unrecoverableSegments, String error) {
  public RepairReport {
    Objects.requireNonNull(fileId, "fileId");
    unrecoverableSegments = List.copyOf(unrecoverableSegments);
  }
}
