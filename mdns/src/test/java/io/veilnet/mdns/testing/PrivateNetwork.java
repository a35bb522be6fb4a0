package io.veilnet.mdns.testing;

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

/**
 * Runs a Java main class in a child JVM inside a private user + network namespace ({@code unshare
 * -rn}) whose only interface is a fresh loopback with multicast on and {@code 224.0.0.0/4} routed
 * to it, so mDNS traffic can never reach the host's networks. For mDNS integration tests (this
 * module's and the engine's LOCAL-mode tests). The child inherits this JVM's test classpath.
 *
 * <p>A JVM cannot move itself into a new network namespace (it is multi-threaded), hence the child.
 * Children should still refuse to run when they can see any interface but {@code lo} (see {@link
 * #requireOnlyLoopback()}).
 */
public final class PrivateNetwork {
  /** Brings up the namespace's loopback for multicast, then execs the command in "$@". */
  public static final String SETUP = "ip link set lo up && ip link set lo multicast on"
      + " && ip route add 224.0.0.0/4 dev lo";

  private PrivateNetwork() {}

  /** What a child printed and how it ended. */
  public record Result(boolean exited, int exitCode, String output) {

    /** {@code key=value} lines of the output (first occurrence wins; keys {@code [a-z0-9_]+}). */
    public Map<String, String> values() {
      Map<String, String> kv = new LinkedHashMap<>();
      for (String line : output.split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0 && line.substring(0, eq).matches("[a-z0-9_]+")) {
          kv.putIfAbsent(line.substring(0, eq), line.substring(eq + 1).trim());
        }
      }
      return kv;
    }
  }

  /**
   * Null if a private network namespace with a multicast loopback can be created here, else the
   * reason (for a JUnit assumption message).
   */
  public static String unavailableReason() {
    try {
      Process p = new ProcessBuilder("unshare", "-rn", "sh", "-c", SETUP)
          .redirectErrorStream(true).start();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "unshare probe timed out";
      }
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.exitValue() == 0 ? null : "`unshare -rn` + `ip` failed, exit " + p.exitValue() + ": " + text;
    } catch (IOException e) {
      return "cannot run unshare: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /**
   * Runs {@code mainClass} with {@code args} in a child JVM inside a fresh private namespace and
   * waits at most {@code timeoutSeconds}; a child still running then is killed ({@code exited}
   * false). Output (stdout and stderr) goes through a file in {@code workDir}.
   */
  public static Result run(Path workDir, long timeoutSeconds, List<String> jvmArgs,
      Class<?> mainClass, String... args) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of("unshare", "-rn", "sh", "-c",
        SETUP + " && exec \"$@\"", "sh", java, "-Xmx256m", "-XX:TieredStopAtLevel=1"));
    cmd.addAll(jvmArgs);
    cmd.addAll(List.of("-cp", cp, mainClass.getName()));
    cmd.addAll(List.of(args));
    File out = Files.createTempFile(workDir, "netns-child", ".log").toFile();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out).start();
    boolean exited = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    if (!exited) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    String log = Files.readString(out.toPath(), StandardCharsets.UTF_8);
    return new Result(exited, exited ? p.exitValue() : -1, log);
  }

  /**
   * For children: throws unless the only visible interface is {@code lo} (i.e. we are inside a
   * private namespace), so nothing can multicast on a real network by mistake.
   */
  public static void requireOnlyLoopback() throws IOException {
    List<String> names = new ArrayList<>();
    for (java.net.NetworkInterface ni
        : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
      names.add(ni.getName());
    }
    if (!names.equals(List.of("lo"))) {
      throw new IllegalStateException(
          "interfaces " + names + " visible: not inside a private network namespace");
    }
  }
}
