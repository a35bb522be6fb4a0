package io.veilnet.engine.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code veilnet job run}: the exit codes are a contract. */
class JobCommandTest {
  @TempDir Path dir;

  record Outcome(int code, String out, String err) {}

  Path module(String name) throws IOException {
    Path p = dir.resolve(name + ".wasm");
    try (InputStream in = JobCommandTest.class.getResourceAsStream("/wasm/" + name + ".wasm")) {
      Files.write(p, in.readAllBytes());
    }
    return p;
  }

  Path input(String text) throws IOException {
    return Files.writeString(dir.resolve("in.txt"), text);
  }

  Outcome run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = VeilnetCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Outcome(code, out.toString(), err.toString());
  }

  static void assertOneClearLine(Outcome o, String contains) {
    assertThat(o.err().lines().toList()).hasSize(1);
    assertThat(o.err()).startsWith("veilnet: ").contains(contains);
  }

  @ParameterizedTest
  @ValueSource(strings = {"chicory", "wasmtime"})
  void done_writesOutputAndExitsZero(String runtime) throws IOException {
    Path out = dir.resolve("out.bin");
    Outcome o = run("job", "run", module("echo_upper").toString(), "--input", input("hello").toString(),
        "--output", out.toString(), "--runtime", runtime);
    assertThat(o.code()).as(o.err()).isEqualTo(0);
    assertThat(Files.readString(out)).isEqualTo("HELLO");
    assertThat(o.err()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"chicory", "wasmtime"})
  void tunnel_roundTripsThroughTheSandbox(String runtime) throws IOException {
    Path out = dir.resolve("out.bin");
    Outcome o = run("job", "run", module("echo_upper").toString(), "--input", input("tunnel me").toString(),
        "--output", out.toString(), "--runtime", runtime, "--tunnel");
    assertThat(o.code()).as(o.err()).isEqualTo(0);
    assertThat(Files.readString(out)).isEqualTo("TUNNEL ME");
  }

  @Test
  void forbiddenImport_exits2() throws IOException {
    Outcome o = run("job", "run", module("wasi_import").toString(), "--input", input("x").toString());
    assertThat(o.code()).isEqualTo(2);
    assertOneClearLine(o, "forbidden import wasi_snapshot_preview1.fd_write");
  }

  @Test
  void malformedModule_exits2() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.wasm"), "not wasm at all");
    Outcome o = run("job", "run", bad.toString(), "--input", input("x").toString());
    assertThat(o.code()).isEqualTo(2);
    assertOneClearLine(o, "malformed module");
  }

  @ParameterizedTest
  @ValueSource(strings = {"chicory", "wasmtime"})
  void limits_exit3AndNameTheLimit(String runtime) throws IOException {
    String in = input("x").toString();
    Outcome fuel = run("job", "run", module("spin").toString(), "--input", in, "--fuel", "100000", "--runtime", runtime);
    assertThat(fuel.code()).isEqualTo(3);
    assertOneClearLine(fuel, "fuel limit exceeded");

    Outcome time = run("job", "run", module("spin").toString(), "--input", in, "--fuel", "9000000000000000000",
        "--timeout", "0.3", "--runtime", runtime);
    assertThat(time.code()).isEqualTo(3);
    assertOneClearLine(time, "time limit exceeded");

    Outcome memory = run("job", "run", module("grow_bomb").toString(), "--input", in, "--memory", "1048576",
        "--runtime", runtime);
    assertThat(memory.code()).isEqualTo(3);
    assertOneClearLine(memory, "memory limit exceeded");

    Outcome stack = run("job", "run", module("recursion").toString(), "--input", in, "--fuel", "9000000000000000000",
        "--runtime", runtime);
    assertThat(stack.code()).isEqualTo(3);
    assertOneClearLine(stack, "stack limit exceeded");
  }

  @ParameterizedTest
  @ValueSource(strings = {"chicory", "wasmtime"})
  void stackBudget_isPerJob(String runtime) throws IOException {
    // recurse_depth.wat: depth 743 needs 65,568 bytes of the frame model; 64 KiB is too little
    Path in = Files.write(dir.resolve("depth.bin"), new byte[] {(byte) 0xE7, 0x02, 0, 0}); // 743
    Outcome small = run("job", "run", module("recurse_depth").toString(), "--input", in.toString(),
        "--stack", "65536", "--runtime", runtime);
    assertThat(small.code()).isEqualTo(3);
    assertOneClearLine(small, "stack limit exceeded: wasm stack budget of 65536 bytes used up");
    Outcome enough = run("job", "run", module("recurse_depth").toString(), "--input", in.toString(),
        "--stack", "131072", "--runtime", runtime);
    assertThat(enough.code()).as(enough.err()).isEqualTo(0);
  }

  @Test
  void stackBudget_beyondWhatWasmtimeTakes_isAClearError() throws IOException {
    Outcome o = run("job", "run", module("echo_upper").toString(), "--input", input("x").toString(),
        "--stack", "4194304", "--runtime", "wasmtime");
    assertThat(o.code()).isEqualTo(1);
    assertOneClearLine(o, "use the Chicory runtime for deeper stacks");
    Path out = dir.resolve("out.bin");
    Outcome chicory = run("job", "run", module("echo_upper").toString(), "--input", input("x").toString(),
        "--stack", "4194304", "--runtime", "chicory", "--output", out.toString());
    assertThat(chicory.code()).as(chicory.err()).isEqualTo(0);
    assertThat(Files.readString(out)).isEqualTo("X");
  }

  @ParameterizedTest
  @ValueSource(strings = {"chicory", "wasmtime"})
  void trapAndBadOutput_exit4(String runtime) throws IOException {
    Outcome trap = run("job", "run", module("trap").toString(), "--input", input("x").toString(), "--runtime", runtime);
    assertThat(trap.code()).isEqualTo(4);
    assertOneClearLine(trap, "trap");
    Outcome oob = run("job", "run", module("out_of_bounds").toString(), "--input", input("x").toString(),
        "--runtime", runtime);
    assertThat(oob.code()).isEqualTo(4);
    assertOneClearLine(oob, "bad output");
  }

  @Test
  void otherErrors_exit1() throws IOException {
    Path m = module("echo_upper");
    Outcome missing = run("job", "run", m.toString(), "--input", dir.resolve("nope").toString());
    assertThat(missing.code()).isEqualTo(1);
    assertOneClearLine(missing, "input file not found");

    Outcome usage = run("job", "run", m.toString(), "--input", input("x").toString(), "--bogus");
    assertThat(usage.code()).isEqualTo(1); // 2 is reserved for admission
    assertThat(usage.err()).contains("Unknown option: '--bogus'");
    Outcome noInput = run("job", "run", m.toString());
    assertThat(noInput.code()).isEqualTo(1);

    Outcome runtime = run("job", "run", m.toString(), "--input", input("x").toString(), "--runtime", "v8");
    assertThat(runtime.code()).isEqualTo(1);
    assertOneClearLine(runtime, "unknown runtime 'v8'");

    Outcome fuel = run("job", "run", m.toString(), "--input", input("x").toString(), "--fuel", "lots");
    assertThat(fuel.code()).isEqualTo(1);
    assertOneClearLine(fuel, "--fuel must be an integer");

    Outcome memory = run("job", "run", m.toString(), "--input", input("x").toString(), "--memory", "1000");
    assertThat(memory.code()).isEqualTo(1);
    assertOneClearLine(memory, "multiple of 65536");

    Outcome timeout = run("job", "run", m.toString(), "--input", input("x").toString(), "--timeout", "-1");
    assertThat(timeout.code()).isEqualTo(1);
    assertOneClearLine(timeout, "--timeout");
  }

  @Test
  void badFlags_exit1_not2_whichMeansAdmission() throws IOException {
    Path m = module("echo_upper");
    Outcome noInput = run("job", "run", m.toString());
    assertThat(noInput.code()).isEqualTo(1);
    assertThat(noInput.err()).contains("--input");
    Outcome unknown = run("job", "run", m.toString(), "--input", input("x").toString(), "--bogus");
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).contains("--bogus");
  }

  @Test
  void help_listsTheExitCodes() {
    Outcome o = run("job", "run", "--help");
    assertThat(o.code()).isEqualTo(0);
    assertThat(o.out()).contains("--tunnel").contains("3 a limit was hit");
  }
}
