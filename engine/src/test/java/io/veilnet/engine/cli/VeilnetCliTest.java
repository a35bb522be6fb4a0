package io.veilnet.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.veilnet.engine.identity.IdentityStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VeilnetCliTest {
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = VeilnetCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void help_listsCommands() {
    Run r = run("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Usage: veilnet").contains("keygen");
  }

  @Test
  void version_printsProjectVersion() {
    Run r = run("--version");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("veilnet ").doesNotContain("${project.version}").doesNotContain("unknown");
  }

  @Test
  void unknownFlag_isOneClearLineAndUsageExitCode() {
    Run r = run("--bogus");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("veilnet: Unknown option: '--bogus'").contains("--help");
    assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void keygen_writesAnOwnerOnlyIdentityAndPrintsIdAndAddress(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("node-a");
    Run r = run("keygen", "--data-dir", dir.toString(), "--difficulty", "4");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("node id: +[0-9a-f]{64}").containsPattern("host address: +0x[0-9a-fA-F]{40}");
    Path file = IdentityStore.file(dir);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    String printedId = r.out().replaceAll("(?s).*node id: +([0-9a-f]{64}).*", "$1");
    try (var id = IdentityStore.read(dir, java.util.Map.of()).orElseThrow()) {
      assertThat(id.nodeIdHex()).isEqualTo(printedId);
      assertThat(id.puzzleBits()).isGreaterThanOrEqualTo(4);
    }
  }

  @Test
  void keygen_refusesToOverwrite_unlessForced(@TempDir Path tmp) {
    assertThat(run("keygen", "--data-dir", tmp.toString(), "--difficulty", "0").code()).isZero();
    Run again = run("keygen", "--data-dir", tmp.toString(), "--difficulty", "0");
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).startsWith("veilnet: an identity already exists").contains("--force");
    assertThat(run("keygen", "--data-dir", tmp.toString(), "--difficulty", "0", "--force").code()).isZero();
  }

  @Test
  void keygen_rejectsAbsurdDifficulty(@TempDir Path tmp) {
    Run r = run("keygen", "--data-dir", tmp.toString(), "--difficulty", "99");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--difficulty must be 0..24");
  }
}
