package io.veilnet.wasmhost;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Loads the checked-in test modules (sources beside them in src/test/resources/wasm). */
final class Fixtures {
  private Fixtures() {}

  /** A module built from C in examples/wasm (checked in beside its source). */
  static byte[] example(String name) {
    java.nio.file.Path p = java.nio.file.Paths.get("..", "examples", "wasm", name + ".wasm");
    try {
      return java.nio.file.Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException("missing example module " + p.toAbsolutePath(), e);
    }
  }

  static byte[] wasm(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/wasm/" + name + ".wasm")) {
      if (in == null) {
        throw new IllegalStateException("missing fixture " + name + ".wasm");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
