package io.veilnet.engine.files;

import java.util.List;

/**
 * A file cannot be rebuilt: some segments have fewer than k reachable shards with the right
 * content. The message names the segments (zero-based) that cannot be rebuilt.
 */
public final class ShardsUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private static final int MAX_LISTED = 50;
  private final transient FileId fileId;
  private final List<Long> segments;

  public ShardsUnavailableException(FileId fileId, List<Long> segments, int dataShards, int totalShards, boolean partial) {
    super(message(fileId, segments, dataShards, totalShards, partial));
    this.fileId = fileId;
    this.segments = List.copyOf(segments);
  }

  private static String message(FileId fileId, List<Long> segments, int k, int n, boolean partial) {
    StringBuilder sb = new StringBuilder("file ").append(fileId.toHex()).append(": ")
        .append(segments.size() == 1 ? "segment " : "segments ");
    for (int i = 0; i < Math.min(segments.size(), MAX_LISTED); i++) {
      sb.append(i == 0 ? "" : ", ").append(segments.get(i));
    }
    if (segments.size() > MAX_LISTED) {
      sb.append(" and ").append(segments.size() - MAX_LISTED).append(" more");
    }
    if (partial) {
      sb.append(" (and possibly later ones, not checked)");
    }
    return sb.append(segments.size() == 1 ? " cannot" : " cannot").append(" be rebuilt: fewer than ")
        .append(k).append(" of ").append(n).append(" shards are reachable").toString();
  }

  public FileId fileId() {
    return fileId;
  }

  /** The zero-based indices of the segments that cannot be rebuilt. */
  public List<Long> segments() {
    return segments;
  }
}
