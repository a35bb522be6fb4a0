package io.veilnet.mdns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real JmDNS on a real (virtual) link: {@link NamespaceDiscoveryMain} runs in a child JVM inside a
 * private user + network namespace ({@code unshare -rn}) whose only interface is a fresh loopback
 * with multicast switched on, so no packet can reach the host's interfaces. The child itself refuses
 * to run if it sees any interface but {@code lo}.
 */
class LocalDiscoveryIT {
  /** Brings up the namespace's loopback for multicast, then execs the command in "$@". */
  private static final String NETNS_SETUP = "ip link set lo up && ip link set lo multicast on"
      + " && ip route add 224.0.0.0/4 dev lo && exec \"$@\"";
  private static final long CHILD_TIMEOUT_S = 120;

  @TempDir
  static Path tmp;

  @BeforeAll
  static void requireNetworkNamespaces() throws Exception {
    String why = namespaceProbe();
    Assumptions.assumeTrue(why == null,
        () -> "mDNS integration test skipped: private network namespaces are unavailable here ("
            + why + "); it needs `unshare -rn` (user + network namespaces) and `ip`");
  }

  @Test
  void twoPeersInAPrivateNamespace_findEachOther_ignoreForgeries_seeUpdatesAndRemoval()
      throws Exception {
    Map<String, String> r = runChild(List.of());
    assertThat(r).containsEntry("result", "ok").containsEntry("rfc_timing", "true");
    assertThat(r).containsEntry("b_sees_a_endpoint", "/127.0.0.1:4001")
        .containsEntry("a_sees_b_endpoint", "/127.0.0.1:4002")
        .containsEntry("b_sees_update_seq", "2")
        .containsEntry("b_sees_update_endpoint", "/127.0.0.1:4101")
        .containsEntry("b_sees_max_record_bytes", "950")
        .containsEntry("b_snapshot_size", "0")
        .containsEntry("b_foreign_events", "[]")
        .containsEntry("a_foreign_events", "[]");
    // A name conflict renamed D's instance; B still found D under its peer id.
    assertThat(r.get("d_instance_seen_by_b")).isNotBlank()
        .doesNotStartWith(r.get("d_instance_requested") + "._");
    assertThat(r.get("d_instance_name")).isNotEqualTo(r.get("d_instance_requested"));
    // One identity under two instances is one peer; a node never reports itself.
    assertThat(r).containsEntry("a_added_b_count", "1").containsEntry("b2_sees_own_identity", "false");
    // Forgeries were seen and dropped, never emitted (no foreign events above).
    assertThat(r.get("b_drops")).contains("UNVERIFIED=").doesNotContain("UNVERIFIED=0,");
    // close() is the fast path; JmDNS's own close takes seconds on its daemon thread.
    assertThat(Long.parseLong(r.get("a_close_call_ms"))).isLessThan(200);
    assertThat(Long.parseLong(r.get("a_jmdns_close_ms"))).isGreaterThan(500);
    // RFC 6762 timing: the newcomer is visible in well under JmDNS's stock ≈ 4 s.
    assertThat(Long.parseLong(r.get("a_sees_b_ms"))).isLessThan(3000);
  }

  /**
   * The same scenario with JmDNS's stock timing: documents (and re-measures on every run) why
   * {@link MdnsConfig#rfcTiming()} exists. Stock JmDNS probes an unannounced host at 1 s steps.
   */
  @Test
  void stockJmdnsTiming_makesTheNewcomerWaitSeconds() throws Exception {
    Map<String, String> r = runChild(List.of("-Dveilnet.mdns.stockTiming=true"));
    assertThat(r).containsEntry("result", "ok").containsEntry("rfc_timing", "false")
        .containsEntry("b_foreign_events", "[]");
    assertThat(Long.parseLong(r.get("a_sees_b_ms"))).isGreaterThanOrEqualTo(3000);
  }

  private static Map<String, String> runChild(List<String> jvmArgs) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of("unshare", "-rn", "sh", "-c", NETNS_SETUP, "sh",
        java, "-Xmx256m", "-XX:TieredStopAtLevel=1"));
    cmd.addAll(jvmArgs);
    cmd.addAll(List.of("-cp", cp, NamespaceDiscoveryMain.class.getName()));
    File out = Files.createTempFile(tmp, "child", ".log").toFile();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out).start();
    boolean exited = p.waitFor(CHILD_TIMEOUT_S, TimeUnit.SECONDS);
    if (!exited) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    String log = Files.readString(out.toPath(), StandardCharsets.UTF_8);
    System.out.println("child output:\n" + log);
    assertThat(exited).as("child finished within %d s; output:%n%s", CHILD_TIMEOUT_S, log).isTrue();
    assertThat(p.exitValue()).as("child exit code; output:%n%s", log).isZero();
    Map<String, String> kv = new LinkedHashMap<>();
    for (String line : log.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0 && line.substring(0, eq).matches("[a-z0-9_]+")) {
        kv.putIfAbsent(line.substring(0, eq), line.substring(eq + 1).trim());
      }
    }
    return kv;
  }

  /** Null if a private network namespace with a multicast loopback can be made, else why not. */
  private static String namespaceProbe() {
    try {
      Process p = new ProcessBuilder("unshare", "-rn", "sh", "-c",
          "ip link set lo up && ip link set lo multicast on && ip route add 224.0.0.0/4 dev lo")
          .redirectErrorStream(true).start();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "unshare probe timed out";
      }
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + text;
    } catch (IOException e) {
      return e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
