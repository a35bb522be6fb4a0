package io.veilnet.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node process storing shards into RocksDB is killed with {@code destroyForcibly} (SIGKILL) in
 * the middle of writing; restarted on the same data dir, it serves every shard it had acknowledged.
 */
class KillNineIT {
  @TempDir Path dir;

  private static Process start(String mode, Path store, int count) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
        StoreWriterMain.class.getName(), mode, store.toString(), Integer.toString(count));
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    return pb.start();
  }

  @Test
  void acknowledgedShards_surviveKillNine_andAreServedAfterRestart() throws Exception {
    Path store = dir.resolve("node-store");
    Process writer = start("write", store, 1_000_000);
    int lastAck = -1;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    try (BufferedReader r = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null && System.nanoTime() < deadline) {
        if (line.startsWith("ACK ")) {
          lastAck = Integer.parseInt(line.substring(4));
          if (lastAck >= 300) {
            break; // kill while it is still writing
          }
        }
      }
      writer.destroyForcibly();
      assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(lastAck).as("acknowledged shards before the kill").isGreaterThanOrEqualTo(300);
    assertThat(writer.exitValue()).as("killed, not finished").isNotZero();

    Process checker = start("check", store, lastAck + 1);
    List<String> out;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(checker.getInputStream(), StandardCharsets.UTF_8))) {
      out = r.lines().toList();
    }
    assertThat(checker.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(out).containsExactly("OK " + (lastAck + 1));

    // And in this JVM, through the store API (the restarted node's view).
    try (RocksNodeStore s = RocksNodeStore.open(store)) {
      byte[] shard = StoreWriterMain.shard(lastAck);
      assertThat(s.getShard(StoreWriterMain.id(shard))).hasValueSatisfying(v -> assertThat(v).isEqualTo(shard));
    }
    assertThat(new File(store.toFile(), "CURRENT")).exists();
  }
}
