package io.veilnet.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Argument checks of {@code veilnet demo} (the full run is {@code DemoCommandIT}). */
class DemoCommandTest {
  static VeilnetCliTest.Run run(String... args) {
    return VeilnetCliTest.run(args);
  }

  static void assertOneClearLine(VeilnetCliTest.Run r, String expected) {
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
    assertThat(r.err()).startsWith("veilnet: ").contains(expected).doesNotContain("\tat ");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void help_describesTheRunAndTheFlags() {
    VeilnetCliTest.Run r = run("demo", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Usage: veilnet demo", "--nodes", "--file", "--kill", "--json", "--size");
  }

  @Test
  void killBeyondWhatTheCodeTolerates_isOneClearLine() {
    assertOneClearLine(run("demo", "--kill", "3"), "--kill must be 0..2: the 4-of-6 erasure code survives the loss of at most 2");
  }

  @Test
  void tooFewNodes_missingFile_andBadSizes_areOneClearLine() {
    assertOneClearLine(run("demo", "--nodes", "3"), "--nodes must be 7..64");
    assertOneClearLine(run("demo", "--file", "/nonexistent/veilnet-demo-input"), "--file not found: /nonexistent/veilnet-demo-input");
    assertOneClearLine(run("demo", "--size", "0"), "--size must be 1..");
    assertOneClearLine(run("demo", "--nodes", "ten"), "Invalid value for option '--nodes'");
  }

  @Test
  void keygenHelp_isThere() {
    VeilnetCliTest.Run r = run("keygen", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Usage: veilnet keygen", "--data-dir", "--force");
  }
}
