package io.veilnet.engine.files;

/** No valid manifest record exists for a file id. */
public final class FileNotFoundInNetworkException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FileNotFoundInNetworkException(FileId id) {
    super("no manifest found for file " + id.toHex());
  }
}
