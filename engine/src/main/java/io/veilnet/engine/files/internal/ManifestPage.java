package io.veilnet.engine.files.internal;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One page of a chunked manifest table, stored as a content-addressed blob: {@code "VNP1" ‖ level
 * (1) ‖ count (4) ‖ entries}, entries as in {@link Manifest} (segment shard ids at level 0, child
 * page ids above).
 */
public record ManifestPage(int level, List<byte[]> entries) {
  private static final byte[] MAGIC = {'V', 'N', 'P', '1'};
  public static final int HEADER = MAGIC.length + 1 + 4;

  public ManifestPage {
    entries = List.copyOf(entries);
  }

  public byte[] encode() {
    int size = HEADER + entries.stream().mapToInt(e -> e.length).sum();
    ByteBuffer b = ByteBuffer.allocate(size);
    b.put(MAGIC).put((byte) level).putInt(entries.size());
    entries.forEach(b::put);
    return b.array();
  }

  /**
   * @param segmentEntrySize bytes of a level-0 entry ({@code n × 32})
   * @throws IllegalArgumentException if malformed
   */
  public static ManifestPage decode(byte[] bytes, int segmentEntrySize) {
    Objects.requireNonNull(bytes, "bytes");
    try {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      byte[] magic = new byte[MAGIC.length];
      b.get(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IllegalArgumentException("not a manifest page (bad magic)");
      }
      int level = b.get() & 0xff;
      int count = b.getInt();
      int entry = level == 0 ? segmentEntrySize : Manifest.ID;
      if (count < 0 || (long) count * entry != b.remaining()) {
        throw new IllegalArgumentException("manifest page size does not match its count");
      }
      List<byte[]> entries = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        byte[] e = new byte[entry];
        b.get(e);
        entries.add(e);
      }
      return new ManifestPage(level, entries);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated manifest page");
    }
  }
}
