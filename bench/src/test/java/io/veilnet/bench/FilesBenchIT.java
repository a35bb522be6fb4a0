package io.veilnet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Smoke run of {@code bench files} in-process through the command class: 8 real Kademlia nodes on
 * loopback, a 4 MiB file put on one node and got back on another (byte-identical), JSON with
 * every contract field positive.
 */
class FilesBenchIT {
  @Test
  @Timeout(180)
  void filesBenchOverKademlia_writesEveryContractField_andTheGetIsByteIdentical(@TempDir Path dir)
      throws Exception {
    FilesCommand cmd = new FilesCommand();
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    cmd.out = new PrintStream(stdout, true, StandardCharsets.UTF_8);
    Path json = dir.resolve("files.json");
    long t0 = System.nanoTime();
    int rc = new CommandLine(cmd).execute("--network", "kademlia", "--nodes", "8", "--size-mib", "4",
        "--quiet", "--timeout", "120", "--json", json.toString());

    assertThat(rc).isZero();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(120));
    String text = Files.readString(json);
    for (String name : FilesCommand.CONTRACT) {
      assertThat(cmd.report.get(name)).as(name).isInstanceOf(Double.class);
      double v = (Double) cmd.report.get(name);
      assertThat(v).as(name).isPositive().isFinite();
      assertThat(text).as(name).contains("\"" + name + "\": ");
    }
    assertThat(cmd.report.get("verified")).isEqualTo(true);
    assertThat(text).contains("\"verified\": true", "\"network\": \"kademlia\"");
    assertThat(cmd.report.get("nodes")).isEqualTo(8);
    assertThat(cmd.report.get("file_bytes")).isEqualTo(4L << 20);
    assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("put_mb_s", "raw_tcp_mb_s");
  }
}
