package io.veilnet.engine.cli;

import io.veilnet.engine.cli.demo.Demo;
import io.veilnet.wasmhost.RuntimeKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code veilnet demo}: a network of nodes in this process, a file stored and retrieved, a WASM job. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {
      "Run a demo network in this process on 127.0.2.x: the nodes find each other (Kademlia over",
      "encrypted UDP), a file is stored as encrypted erasure-coded shards, some shard holders are",
      "stopped, the file is retrieved and verified, and a WASM job runs behind the encrypted I/O",
      "tunnel. Prints what happened and measured figures; exit code 1 if any step fails."})
final class DemoCommand implements Callable<Integer> {
  static final int DEFAULT_SIZE = 4 << 20;
  static final int MAX_NODES = 64;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--nodes", paramLabel = "N", defaultValue = "12", description = "Nodes to start (default ${DEFAULT-VALUE}).")
  int nodes;

  @Option(names = "--kill", paramLabel = "K", defaultValue = "2",
      description = "Shard holders to stop before retrieval (default ${DEFAULT-VALUE}; at most what the erasure code tolerates).")
  int kill;

  @Option(names = "--file", paramLabel = "PATH", description = "File to store (default: generated data, see --size).")
  Path file;

  @Option(names = "--size", paramLabel = "BYTES", description = "Size of the generated data (default 4 MiB).")
  Integer size;

  @Option(names = "--runtime", paramLabel = "chicory|wasmtime", defaultValue = "chicory",
      description = "WASM runtime for the job (default ${DEFAULT-VALUE}).")
  String runtime;

  @Option(names = "--json", description = "Print the summary as one JSON object on stdout (progress goes to stderr).")
  boolean json;

  @Override
  public Integer call() {
    int minNodes = Demo.minNodes();
    if (nodes < minNodes || nodes > MAX_NODES) {
      throw usage("--nodes must be " + minNodes + ".." + MAX_NODES + " (enough for the file service to place the "
          + Demo.ces().dataShards() + "-of-" + Demo.ces().totalShards() + " shards of each segment on distinct nodes), got " + nodes);
    }
    if (kill < 0 || kill > Demo.tolerates()) {
      throw usage("--kill must be 0.." + Demo.tolerates() + ": the " + Demo.ces().dataShards() + "-of-"
          + Demo.ces().totalShards() + " erasure code survives the loss of at most " + Demo.tolerates()
          + " shards per segment, got " + kill);
    }
    if (file != null && size != null) {
      throw usage("--file and --size exclude each other");
    }
    RuntimeKind kind;
    try {
      kind = RuntimeKind.parse(runtime);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    byte[] data;
    String source;
    if (file != null) {
      data = read(file);
      source = file.toString();
    } else {
      int n = size == null ? DEFAULT_SIZE : size;
      if (n < 1 || n > Demo.maxFileBytes()) {
        throw usage("--size must be 1.." + Demo.maxFileBytes() + " bytes, got " + n);
      }
      data = Demo.generate(n);
      source = "generated data";
    }
    Map<String, Object> summary;
    try {
      summary = Demo.run(new Demo.Options(nodes, kill, data, source, json, kind),
          spec.commandLine().getOut(), spec.commandLine().getErr());
    } catch (RuntimeException e) {
      throw new CliException(VeilnetCli.EXIT_ERROR, "demo failed: " + VeilnetCli.describe(e), e);
    }
    return Boolean.TRUE.equals(summary.get("ok")) ? 0 : VeilnetCli.EXIT_ERROR;
  }

  private byte[] read(Path p) {
    try {
      long len = Files.size(p);
      if (len < 1 || len > Demo.maxFileBytes()) {
        throw usage("--file must hold 1.." + Demo.maxFileBytes() + " bytes; " + p + " has " + len);
      }
      return Files.readAllBytes(p);
    } catch (NoSuchFileException e) {
      throw usage("--file not found: " + p);
    } catch (IOException e) {
      throw usage("cannot read --file " + p + ": " + e.getMessage());
    }
  }

  private static CliException usage(String message) {
    return new CliException(VeilnetCli.EXIT_USAGE, message);
  }
}
