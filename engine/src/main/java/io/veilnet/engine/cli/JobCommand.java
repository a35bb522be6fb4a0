package io.veilnet.engine.cli;

import io.veilnet.crypto.SymmetricKey;
import io.veilnet.wasmhost.AdmissionException;
import io.veilnet.wasmhost.IoTunnel;
import io.veilnet.wasmhost.IoTunnels;
import io.veilnet.wasmhost.JobRejectedException;
import io.veilnet.wasmhost.JobResult;
import io.veilnet.wasmhost.LimitExceededException;
import io.veilnet.wasmhost.Limits;
import io.veilnet.wasmhost.RuntimeKind;
import io.veilnet.wasmhost.WasmJob;
import io.veilnet.wasmhost.WasmSandbox;
import io.veilnet.wasmhost.WasmTrapException;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code veilnet job ...}: compute jobs. */
@Command(name = "job", mixinStandardHelpOptions = true, description = "Run WASM compute jobs.",
    subcommands = {JobCommand.Run.class})
final class JobCommand implements Runnable {
  /** Exit codes of {@code job run}: a contract for scripts. */
  static final int EXIT_OK = 0;
  static final int EXIT_OTHER = 1;
  static final int EXIT_ADMISSION = 2;
  static final int EXIT_LIMIT = 3;
  static final int EXIT_TRAP = 4;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "run", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = 1,
      description = {"Run one job locally and write its output bytes to --output or stdout.",
          "Exit codes: 0 done; 2 module rejected at admission; 3 a limit was hit (fuel, memory, time, stack);",
          "4 trap or bad output inside run; 1 any other error."})
  static final class Run implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODULE.wasm", description = "The module (ABI: memory, alloc, run).")
    Path module;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "Input bytes.")
    Path input;

    @Option(names = "--output", paramLabel = "FILE", description = "Where to write the output (default stdout).")
    Path output;

    @Option(names = "--runtime", paramLabel = "chicory|wasmtime", defaultValue = "chicory",
        description = "WASM runtime (default ${DEFAULT-VALUE}).")
    String runtime;

    @Option(names = "--fuel", paramLabel = "N", description = "Fuel budget (default 1000000000).")
    String fuel;

    @Option(names = "--memory", paramLabel = "BYTES", description = "Linear memory cap, a multiple of 65536 (default 268435456).")
    String memory;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Wall-clock limit (default 30).")
    String timeout;

    @Option(names = "--stack", paramLabel = "BYTES",
        description = "Wasm stack budget per the frame model in docs/wasm-abi.md (default 1048576; wasmtime at most 1048576).")
    String stack;

    @Option(names = "--tunnel", description = "Send input and output through an encrypted I/O tunnel (ephemeral AES-128-GCM key).")
    boolean tunnel;

    @Override
    public Integer call() {
      RuntimeKind kind;
      Limits limits;
      try {
        kind = RuntimeKind.parse(runtime);
        limits = limits();
      } catch (IllegalArgumentException e) {
        throw new CliException(EXIT_OTHER, e.getMessage());
      }
      byte[] moduleBytes = read(module, "module");
      byte[] in = read(input, "input");
      WasmSandbox.Builder builder = WasmSandbox.builder().runtime(kind).workers(1).queueCapacity(1)
          .maxStackBytes(Math.max(limits.stackBytes(), Limits.defaults().stackBytes()));
      WasmSandbox box;
      try {
        box = builder.build();
      } catch (IllegalArgumentException e) {
        throw new CliException(EXIT_OTHER, e.getMessage());
      }
      try (WasmSandbox sandbox = box) {
        byte[] out = tunnel ? runTunnelled(sandbox, moduleBytes, in, limits) : runPlain(sandbox, moduleBytes, in, limits);
        write(out);
        return EXIT_OK;
      } catch (AdmissionException e) {
        throw new CliException(EXIT_ADMISSION, e.getMessage(), e);
      } catch (LimitExceededException e) {
        throw new CliException(EXIT_LIMIT, e.getMessage(), e);
      } catch (WasmTrapException e) {
        throw new CliException(EXIT_TRAP, e.getMessage(), e);
      } catch (JobRejectedException e) {
        throw new CliException(EXIT_OTHER, e.getMessage(), e);
      }
    }

    private static Duration blockFor(Limits limits) {
      return limits.wallClock().plusSeconds(120);
    }

    private static byte[] runPlain(WasmSandbox sandbox, byte[] module, byte[] in, Limits limits) {
      JobResult r = sandbox.execute(WasmJob.of(module).input(in).limits(limits)).block(blockFor(limits));
      return r.output();
    }

    private static byte[] runTunnelled(WasmSandbox sandbox, byte[] module, byte[] in, Limits limits) {
      try (SymmetricKey key = SymmetricKey.random(16, new java.security.SecureRandom())) {
        IoTunnel t = IoTunnels.aesGcm(key);
        byte[] sealed = t.encrypt(in);
        JobResult r = sandbox.execute(WasmJob.of(module).input(sealed).limits(limits).tunnel(t)).block(blockFor(limits));
        return t.decrypt(r.output());
      }
    }

    private Limits limits() {
      Limits l = Limits.defaults();
      if (fuel != null) {
        l = l.withFuel(parseLong("--fuel", fuel));
      }
      if (memory != null) {
        l = l.withMemoryBytes(parseLong("--memory", memory));
      }
      if (timeout != null) {
        BigDecimal s;
        try {
          s = new BigDecimal(timeout.trim());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("--timeout must be a number of seconds, got '" + timeout + "'");
        }
        if (s.signum() <= 0 || s.compareTo(BigDecimal.valueOf(86_400)) > 0) {
          throw new IllegalArgumentException("--timeout must be in (0, 86400] seconds, got " + timeout);
        }
        l = l.withWallClock(Duration.ofNanos(s.movePointRight(9).longValue()));
      }
      if (stack != null) {
        l = l.withStackBytes(parseLong("--stack", stack));
      }
      return l;
    }

    private static long parseLong(String flag, String v) {
      try {
        return Long.parseLong(v.trim().replace("_", ""));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(flag + " must be an integer, got '" + v + "'");
      }
    }

    private static byte[] read(Path p, String what) {
      try {
        return Files.readAllBytes(p);
      } catch (NoSuchFileException e) {
        throw new CliException(EXIT_OTHER, what + " file not found: " + p);
      } catch (IOException e) {
        throw new CliException(EXIT_OTHER, "cannot read " + what + " file " + p + ": " + e.getMessage());
      }
    }

    private void write(byte[] out) {
      try {
        if (output != null) {
          Files.write(output, out);
        } else {
          OutputStream stdout = System.out;
          stdout.write(out);
          stdout.flush();
        }
      } catch (IOException e) {
        throw new CliException(EXIT_OTHER, "cannot write output: " + e.getMessage());
      } finally {
        if (tunnel) {
          Arrays.fill(out, (byte) 0);
        }
      }
    }
  }
}
