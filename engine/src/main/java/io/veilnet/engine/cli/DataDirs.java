package io.veilnet.engine.cli;

import java.nio.file.Path;

/** Where data dirs live by default: {@code ~/.veilnet/<name>}. */
final class DataDirs {
  private DataDirs() {}

  static Path defaultDir(String name) {
    return Path.of(System.getProperty("user.home"), ".veilnet", name);
  }
}
