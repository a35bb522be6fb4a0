package io.veilnet.engine.files;

import java.util.Objects;

/**
 * What a put returns: the file id (the handle to get the file back), its plaintext length and the
 * number of segments it was cut into.
 */
public record FileRef(FileId id, long size, long segments) {
  public FileRef {
    Objects.requireNonNull(id, "id");
  }
}
