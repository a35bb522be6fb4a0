package io.veilnet.wasmhost.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.veilnet.wasmhost.RuntimeKind;
import io.veilnet.wasmhost.WasmRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class WasmtimeNativeTest {
  @Test
  void jniLibrary_comesFromTheCacheDir_notAFreshTempFile() throws IOException {
    long before = System.currentTimeMillis() - 1000;
    try (WasmRuntime rt = WasmRuntime.create(RuntimeKind.WASMTIME)) {
      Path lib = WasmtimeNative.ensureLoaded();
      assertThat(lib).isNotNull().isRegularFile();
      assertThat(lib.getParent()).isEqualTo(WasmtimeNative.cacheDir());
      assertThat(lib.getFileName().toString()).startsWith("libwasmtime_jni_0.19.0_");
      assertThat(WasmtimeNative.ensureLoaded()).isEqualTo(lib);
      assertThat(rt.kind()).isEqualTo(RuntimeKind.WASMTIME);
    }
    Path tmp = Paths.get(System.getProperty("java.io.tmpdir"));
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files.filter(p -> p.getFileName().toString().contains("wasmtime_jni"))
          .filter(p -> p.toFile().lastModified() >= before))
          .as("wasmtime-java extracted its library to a temp file again").isEmpty();
    }
  }
}
