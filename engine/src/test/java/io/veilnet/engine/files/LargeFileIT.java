package io.veilnet.engine.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file four times larger than the JVM heap goes in and comes back out byte-identical. */
class LargeFileIT {
  @TempDir Path dir;

  @Test
  void fileLargerThanTheHeap_roundTrips() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    int mib = 256;
    Process p = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
        LargeFileMain.class.getName(), dir.toString(), Integer.toString(mib))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    List<String> out;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      out = r.lines().filter(l -> l.startsWith("RESULT ")).toList();
    }
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(out).hasSize(1);
    String[] f = out.get(0).split(" ");
    assertThat(Long.parseLong(f[1])).isEqualTo((long) mib << 20);
    assertThat(f[3]).isEqualTo(f[2]);
    assertThat(Long.parseLong(f[4])).as("child heap MiB").isLessThan(mib / 3);
  }
}
