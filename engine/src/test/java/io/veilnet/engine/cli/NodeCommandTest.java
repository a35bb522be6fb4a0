package io.veilnet.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class NodeCommandTest {
  record Run(int code, String out, String err) {}

  static Run run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = VeilnetCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
    ((NodeCommand) cl.getSubcommands().get("node").getCommand()).environment = env;
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  static void assertOneClearLine(Run r, String expected) {
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
    assertThat(r.err()).startsWith("veilnet: ").contains(expected).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(r.err().strip().lines().count()).isLessThanOrEqualTo(2);
  }

  @Test
  void help_namesEveryFlagAndTheEnvironment() {
    Run r = run(Map.of(), "node", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Usage: veilnet node", "--mode", "--data-dir", "--bind", "--port", "--admin-port",
        "--bootstrap", "--config", "VEILNET_MODE", "SIGTERM");
  }

  @Test
  void check_printsTheEffectiveConfig_flagsOverEnvironmentOverFile(@TempDir Path tmp) throws Exception {
    Path cfg = tmp.resolve("node.properties");
    Files.writeString(cfg, "mode=hybrid\nport=7001\nadmin-port=7002\nbind=127.0.0.1\n");
    Run r = run(Map.of("VEILNET_PORT", "7101"), "node", "--config", cfg.toString(), "--admin-port", "-1",
        "--data-dir", tmp.resolve("d").toString(), "--check");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("mode=HYBRID", "port=7101", "admin=off", "dataDir=" + tmp.resolve("d"));
    assertThat(tmp.resolve("d")).as("--check starts nothing").doesNotExist();
  }

  @Test
  void badFlagValues_areOneClearLine() {
    assertOneClearLine(run(Map.of(), "node", "--mode", "mesh", "--check"), "--mode: bad value 'mesh': mode must be LOCAL, WAN or HYBRID");
    assertOneClearLine(run(Map.of(), "node", "--port", "http", "--check"), "--port: bad value 'http': not an integer");
    assertOneClearLine(run(Map.of(), "node", "--port", "70000", "--check"), "port must be 0..65535, got 70000");
    assertOneClearLine(run(Map.of(), "node", "--bind", "example.org", "--check"), "--bind: bad value 'example.org': not a literal IP address");
    assertOneClearLine(run(Map.of(), "node", "--bootstrap", "00ff", "--check"), "--bootstrap: bad value '00ff'");
    assertOneClearLine(run(Map.of(), "node", "--nope"), "Unknown option: '--nope'");
  }

  @Test
  void badEnvironment_namesTheVariable() {
    assertOneClearLine(run(Map.of("VEILNET_ADMIN_PORT", "x"), "node", "--check"), "VEILNET_ADMIN_PORT: bad value 'x'");
  }

  @Test
  void configErrors_areOneClearLine(@TempDir Path tmp) throws Exception {
    assertOneClearLine(run(Map.of(), "node", "--config", tmp.resolve("missing.properties").toString(), "--check"),
        "config file not found");
    Path cfg = tmp.resolve("bad.properties");
    Files.writeString(cfg, "mode=wan\nprot=7000\n");
    assertOneClearLine(run(Map.of(), "node", "--config", cfg.toString(), "--check"), "unknown key 'prot'");
    Files.writeString(cfg, "mode=LOCAL\nbootstrap=\nbind=0.0.0.0\n");
    assertOneClearLine(run(Map.of(), "node", "--config", cfg.toString(), "--check"), "not the wildcard");
    Files.writeString(cfg, "puzzle-difficulty=99\n");
    assertOneClearLine(run(Map.of(), "node", "--config", cfg.toString(), "--check"), "puzzleDifficulty must be 0..32");
  }
}
