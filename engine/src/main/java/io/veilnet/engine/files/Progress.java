package io.veilnet.engine.files;

/**
 * How far a put or get has come. {@code totalBytes} and {@code totalSegments} are -1 while unknown
 * (a put from a stream of unknown length). Suited to a progress bar: {@link #fraction()}.
 */
public record Progress(Direction direction, long bytes, long totalBytes, long segments, long totalSegments) {

  public enum Direction { PUT, GET }

  /** Completed fraction 0..1, or -1 when the total is unknown. */
  public double fraction() {
    if (totalBytes > 0) {
      return Math.min(1.0, (double) bytes / totalBytes);
    }
    if (totalSegments > 0) {
      return Math.min(1.0, (double) segments / totalSegments);
    }
    return totalBytes == 0 ? 1.0 : -1;
  }
}
