package io.veilnet.jmh.wasm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Loads the example modules from examples/wasm (run benchmarks from the repository root). */
final class WasmModules {
  private WasmModules() {}

  static byte[] load(String name) {
    for (Path p : new Path[] {Paths.get("examples", "wasm", name + ".wasm"), Paths.get("..", "examples", "wasm", name + ".wasm")}) {
      if (Files.isRegularFile(p)) {
        try {
          return Files.readAllBytes(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    throw new IllegalStateException("examples/wasm/" + name + ".wasm not found; run from the repository root");
  }
}
