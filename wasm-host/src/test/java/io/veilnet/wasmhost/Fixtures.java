package io.veilnet.wasmhost;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Loads the checked-in test modules (sources beside them in src/test/resources/wasm). */
final class Fixtures {
  private Fixtures() {}

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
