package io.veilnet.engine.files.internal;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Cuts a stream of buffers into segments of exactly {@code segmentSize} bytes (the last may be
 * shorter; an empty stream yields one empty segment, so an empty file looks like any small file).
 * Copies lazily: {@link #feed} returns an iterable that fills one segment per step, so a huge
 * input buffer is never copied ahead of demand. Tracks the total length and SHA-256 of the input.
 *
 * <p>Not thread-safe: feed it from one sequential stage.
 */
public final class Segmenter {
  /** One segment: its index in the file and its plaintext. */
  public record Segment(long index, byte[] data) {}

  private final int segmentSize;
  private final MessageDigest sha = Sha256.newDigest();
  private byte[] buf;
  private int fill;
  private long next;
  private long length;

  public Segmenter(int segmentSize) {
    this.segmentSize = segmentSize;
  }

  public Iterable<Segment> feed(ByteBuffer input) {
    ByteBuffer in = input.duplicate();
    return () -> new Iterator<>() {
      private Segment ready;

      @Override
      public boolean hasNext() {
        while (ready == null && in.hasRemaining()) {
          if (buf == null) {
            buf = new byte[segmentSize];
            fill = 0;
          }
          int n = Math.min(in.remaining(), segmentSize - fill);
          in.get(buf, fill, n);
          sha.update(buf, fill, n);
          fill += n;
          length += n;
          if (fill == segmentSize) {
            ready = new Segment(next++, buf);
            buf = null;
          }
        }
        return ready != null;
      }

      @Override
      public Segment next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Segment s = ready;
        ready = null;
        return s;
      }
    };
  }

  /** The last, partial segment (or the one empty segment of an empty input); null if none. */
  public Segment finish() {
    if (buf != null && fill > 0) {
      byte[] last = java.util.Arrays.copyOf(buf, fill);
      buf = null;
      return new Segment(next++, last);
    }
    if (next == 0) {
      return new Segment(next++, new byte[0]);
    }
    return null;
  }

  public long length() {
    return length;
  }

  public long segments() {
    return next;
  }

  public byte[] sha256() {
    return sha.digest();
  }
}
