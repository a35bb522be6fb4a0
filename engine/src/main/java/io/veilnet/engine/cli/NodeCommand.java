package io.veilnet.engine.cli;

import io.veilnet.crypto.Bytes;
import io.veilnet.engine.Mode;
import io.veilnet.engine.NodeConfig;
import io.veilnet.engine.RunningNode;
import io.veilnet.engine.Veilnet;
import io.veilnet.engine.internal.NodeRecords;
import io.veilnet.kademlia.NodeRecord;
import io.veilnet.wasmhost.RuntimeKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code veilnet node}: runs one node in the foreground until SIGTERM or Ctrl-C. Settings come
 * from flags, then {@code VEILNET_*} environment variables, then a properties file
 * ({@code --config}), then defaults.
 */
@Command(name = "node", mixinStandardHelpOptions = true,
    description = {
      "Run a node in the foreground until SIGTERM or Ctrl-C (clean shutdown).",
      "Each setting comes from its flag, else the environment (VEILNET_MODE, VEILNET_BIND, VEILNET_PORT,",
      "VEILNET_ADMIN_PORT, VEILNET_DATA_DIR, VEILNET_BOOTSTRAP, VEILNET_PUZZLE_DIFFICULTY, VEILNET_RUNTIME),",
      "else the --config file (keys: mode, bind, port, admin-port, data-dir, bootstrap,",
      "puzzle-difficulty, runtime), else the default. The identity is loaded from the data dir",
      "(identity.key) or created there. HOST_PRIVATE_KEY overrides the host key."})
final class NodeCommand implements Callable<Integer> {
  static final Set<String> KEYS = new TreeSet<>(List.of(
      "mode", "bind", "port", "admin-port", "data-dir", "bootstrap", "puzzle-difficulty", "runtime"));
  static final int DEFAULT_PORT = 7370;
  static final int DEFAULT_ADMIN_PORT = 7380;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  /** The environment (tests replace it). */
  Map<String, String> environment = System.getenv();

  @Option(names = "--config", paramLabel = "FILE", description = "A properties file with node settings.")
  Path config;

  @Option(names = "--mode", paramLabel = "LOCAL|WAN|HYBRID", description = "Discovery mode (default WAN).")
  String mode;

  @Option(names = "--bind", paramLabel = "ADDRESS",
      description = "Address for the DHT and mDNS (default 127.0.0.1; LOCAL/HYBRID need a multicast-capable interface's address).")
  String bind;

  @Option(names = "--port", paramLabel = "PORT", description = "UDP port of the DHT, 0 = ephemeral (default " + DEFAULT_PORT + ").")
  String port;

  @Option(names = "--admin-port", paramLabel = "PORT",
      description = "Admin HTTP port on loopback, 0 = ephemeral, -1 = off (default " + DEFAULT_ADMIN_PORT + ").")
  String adminPort;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Data dir (default ~/.veilnet/default).")
  String dataDir;

  @Option(names = "--bootstrap", paramLabel = "RECORD", split = ",",
      description = "Signed node record (hex, as a node prints it) to join through; repeatable or comma-separated.")
  List<String> bootstrap;

  @Option(names = "--puzzle-difficulty", paramLabel = "BITS", description = "S/Kademlia puzzle difficulty (default 8).")
  String puzzleDifficulty;

  @Option(names = "--runtime", paramLabel = "chicory|wasmtime", description = "WASM runtime (default chicory).")
  String runtime;

  @Option(names = "--check", description = "Print the effective configuration and exit without starting.")
  boolean check;

  @Override
  public Integer call() {
    NodeConfig cfg = resolve();
    PrintWriter out = spec.commandLine().getOut();
    if (check) {
      out.println(cfg);
      out.flush();
      return 0;
    }
    RunningNode node;
    try {
      node = Veilnet.node(cfg).environment(environment).startNow(cfg.startTimeout());
    } catch (RuntimeException e) {
      throw new CliException(VeilnetCli.EXIT_ERROR, "cannot start the node: " + VeilnetCli.describe(rootCause(e)), e);
    }
    Thread hook = new Thread(() -> {
      node.dispose();
      node.onClose().block(Duration.ofSeconds(10));
    }, "veilnet-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    out.println("node " + node.id().toHex() + " running in " + cfg.mode() + " mode");
    node.dht().ifPresent(d -> out.println("  udp:       " + d.udpAddress().getAddress().getHostAddress() + ":"
        + d.udpAddress().getPort()));
    node.adminAddress().ifPresent(a -> out.println("  admin:     http://" + a.getAddress().getHostAddress() + ":"
        + a.getPort() + "  (/health /peers /metrics)"));
    cfg.dataDir().ifPresent(d -> out.println("  data dir:  " + d));
    out.println("  bootstrap: " + Bytes.toHex(node.record().encode()));
    out.println("Stop with Ctrl-C or SIGTERM.");
    out.flush();
    node.onClose().block();
    return 0;
  }

  private static Throwable rootCause(Throwable e) {
    return reactor.core.Exceptions.unwrap(e); // block() wraps checked exceptions
  }

  /** Flags, then environment, then file, then defaults; every bad value is one usage error. */
  NodeConfig resolve() {
    Properties file = loadFile();
    Sources s = new Sources(file, environment, config);
    try {
      NodeConfig.Builder b = NodeConfig.builder();
      String m = s.get("mode", mode);
      if (m != null) {
        b.mode(s.parse("mode", m, Mode::parse));
      }
      String bindValue = s.get("bind", bind);
      b.bindAddress(s.parse("bind", bindValue == null ? "127.0.0.1" : bindValue, NodeCommand::address));
      String p = s.get("port", port);
      b.port(p == null ? DEFAULT_PORT : s.parse("port", p, Integer::parseInt));
      String ap = s.get("admin-port", adminPort);
      b.adminPort(ap == null ? DEFAULT_ADMIN_PORT : s.parse("admin-port", ap, Integer::parseInt));
      String dd = s.get("data-dir", dataDir);
      b.dataDir(dd == null ? DataDirs.defaultDir("default") : s.parse("data-dir", dd, Path::of));
      String pd = s.get("puzzle-difficulty", puzzleDifficulty);
      int difficulty = pd == null ? 8 : s.parse("puzzle-difficulty", pd, Integer::parseInt);
      b.puzzleDifficulty(difficulty);
      String rt = s.get("runtime", runtime);
      if (rt != null) {
        b.runtime(s.parse("runtime", rt, RuntimeKind::parse));
      }
      String bs = s.get("bootstrap", bootstrap == null ? null : String.join(",", bootstrap));
      if (bs != null && !bs.isBlank()) {
        List<NodeRecord> seeds = new ArrayList<>();
        String[] parts = bs.split(",");
        for (int i = 0; i < parts.length; i++) {
          String hex = parts[i].strip();
          NodeRecord r = s.parse("bootstrap", hex, NodeCommand::record);
          if (!NodeRecords.valid(r, difficulty, System.currentTimeMillis(), Duration.ofSeconds(60))) {
            throw new CliException(VeilnetCli.EXIT_USAGE, s.label("bootstrap") + ": entry " + (i + 1)
                + " is not a valid, unexpired signed node record at puzzle difficulty " + difficulty);
          }
          seeds.add(r);
        }
        b.bootstrap(seeds);
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new CliException(VeilnetCli.EXIT_USAGE, e.getMessage());
    }
  }

  private Properties loadFile() {
    Properties p = new Properties();
    if (config == null) {
      return p;
    }
    try (Reader r = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (NoSuchFileException e) {
      throw new CliException(VeilnetCli.EXIT_USAGE, "config file not found: " + config);
    } catch (IOException | IllegalArgumentException e) {
      throw new CliException(VeilnetCli.EXIT_USAGE, "cannot read config file " + config + ": " + e.getMessage());
    }
    for (String k : p.stringPropertyNames()) {
      if (!KEYS.contains(k)) {
        throw new CliException(VeilnetCli.EXIT_USAGE, "config file " + config + ": unknown key '" + k
            + "' (known: " + String.join(", ", KEYS) + ")");
      }
    }
    return p;
  }

  private static InetAddress address(String s) {
    if (!s.matches("[0-9a-fA-F:.]+")) {
      throw new IllegalArgumentException("not a literal IP address");
    }
    try {
      return InetAddress.getByName(s); // literal: no name lookup
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not a literal IP address");
    }
  }

  private static NodeRecord record(String hex) {
    return NodeRecord.decode(Bytes.fromHex(hex));
  }

  /** Where each setting came from, for error messages that name the source. */
  private static final class Sources {
    private final Properties file;
    private final Map<String, String> env;
    private final Path path;
    private final java.util.Map<String, String> labels = new java.util.HashMap<>();

    Sources(Properties file, Map<String, String> env, Path path) {
      this.file = file;
      this.env = env;
      this.path = path;
    }

    static String envName(String key) {
      return "VEILNET_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    String get(String key, String flag) {
      if (flag != null) {
        labels.put(key, "--" + key);
        return flag;
      }
      String e = env.get(envName(key));
      if (e != null) {
        labels.put(key, envName(key));
        return e;
      }
      String f = file.getProperty(key);
      if (f != null) {
        labels.put(key, "config file " + path + ": " + key);
        return f;
      }
      return null;
    }

    String label(String key) {
      return labels.getOrDefault(key, key);
    }

    <T> T parse(String key, String value, java.util.function.Function<String, T> parser) {
      try {
        return parser.apply(value.strip());
      } catch (RuntimeException e) {
        String why = e instanceof NumberFormatException ? "not an integer" : VeilnetCli.describe(e);
        String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        throw new CliException(VeilnetCli.EXIT_USAGE, label(key) + ": bad value '" + shown + "': " + why);
      }
    }
  }
}
