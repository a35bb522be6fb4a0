package io.veilnet.engine.files.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a manifest table while segments stream in, holding at most one page of segment entries
 * plus the ids of pages already written. When the table does not fit in the root record, level-0
 * pages are emitted as they fill (the caller stores them); at the end, upper levels are built
 * until the top level fits in the root.
 *
 * <p>Not thread-safe: feed it from one sequential stage.
 */
public final class ManifestTableBuilder {
  private final int segmentEntrySize;
  private final int pageSize;
  private final int perPage0;
  private final int perPageUp;
  private final int rootBudget;
  private final List<byte[]> current = new ArrayList<>();
  private final List<byte[]> level1Ids = new ArrayList<>();
  private long segments;

  /** A finished table: the root's level and entries, plus pages still to store (any order). */
  public record Table(int level, List<byte[]> entries, List<byte[]> pagesToStore) {}

  /**
   * @param segmentEntrySize {@code n × 32}
   * @param pageSize largest encoded page in bytes
   * @param rootBudget bytes available for table entries in the root record
   */
  public ManifestTableBuilder(int segmentEntrySize, int pageSize, int rootBudget) {
    this.segmentEntrySize = segmentEntrySize;
    this.pageSize = pageSize;
    this.perPage0 = (pageSize - ManifestPage.HEADER) / segmentEntrySize;
    this.perPageUp = (pageSize - ManifestPage.HEADER) / Manifest.ID;
    this.rootBudget = rootBudget;
    if (perPage0 < 1 || perPageUp < 2 || rootBudget < Manifest.ID) {
      throw new IllegalArgumentException(
          "manifest page size " + pageSize + " or root budget " + rootBudget + " too small for " + segmentEntrySize + "-byte entries");
    }
  }

  public int pageSize() {
    return pageSize;
  }

  /**
   * Adds the next segment's entry.
   *
   * @return full level-0 pages to store now (usually none)
   */
  public List<byte[]> add(byte[] segmentEntry) {
    if (segmentEntry.length != segmentEntrySize) {
      throw new IllegalArgumentException("segment entry must be " + segmentEntrySize + " bytes");
    }
    current.add(segmentEntry);
    segments++;
    if (level1Ids.isEmpty() && segments * segmentEntrySize <= rootBudget) {
      return List.of(); // may still fit inline in the root
    }
    List<byte[]> pages = new ArrayList<>();
    while (current.size() >= perPage0) {
      pages.add(flush(perPage0));
    }
    return pages;
  }

  private byte[] flush(int count) {
    List<byte[]> head = current.subList(0, count);
    byte[] page = new ManifestPage(0, head).encode();
    head.clear();
    level1Ids.add(Sha256.digest(page));
    return page;
  }

  public long segments() {
    return segments;
  }

  public Table finish() {
    List<byte[]> pages = new ArrayList<>();
    if (level1Ids.isEmpty() && (long) current.size() * segmentEntrySize <= rootBudget) {
      return new Table(0, List.copyOf(current), pages);
    }
    while (!current.isEmpty()) {
      pages.add(flush(Math.min(perPage0, current.size())));
    }
    List<byte[]> ids = new ArrayList<>(level1Ids);
    int level = 1;
    while ((long) ids.size() * Manifest.ID > rootBudget) {
      List<byte[]> up = new ArrayList<>();
      for (int i = 0; i < ids.size(); i += perPageUp) {
        byte[] page = new ManifestPage(level, ids.subList(i, Math.min(ids.size(), i + perPageUp))).encode();
        pages.add(page);
        up.add(Sha256.digest(page));
      }
      ids = up;
      level++;
    }
    return new Table(level, ids, pages);
  }
}
