package io.veilnet.engine.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.ServiceLoader;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./veilnet} entry point. */
@Command(
    name = "veilnet",
    mixinStandardHelpOptions = true,
    versionProvider = VeilnetCli.Version.class,
    description = "Veilnet: a peer-to-peer engine for discovery, encrypted storage and sandboxed compute.",
    subcommands = {NodeCommand.class, KeygenCommand.class, DemoCommand.class, JobCommand.class, CommandLine.HelpCommand.class})
public final class VeilnetCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Exit code for any failure that has no more specific code. */
  public static final int EXIT_ERROR = 1;

  /** Exit code for bad flags or configuration (picocli's usage-error code). */
  public static final int EXIT_USAGE = 2;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the launcher with the given streams; returns the exit code. Used by tests. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    return commandLine(out, err).execute(args);
  }

  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new VeilnetCli());
    for (CliExtension ext : ServiceLoader.load(CliExtension.class)) {
      cl.addSubcommand(ext.command());
    }
    cl.setOut(out);
    cl.setErr(err);
    // One clear line for every failure; stack traces only with VEILNET_DEBUG=1.
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          commandLine.getErr().println("veilnet: " + describe(ex));
          if ("1".equals(System.getenv("VEILNET_DEBUG"))) {
            LoggerFactory.getLogger(VeilnetCli.class).error("veilnet failed", ex);
          }
          return ex instanceof CliException ce ? ce.exitCode() : EXIT_ERROR;
        });
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine c = ex.getCommandLine();
          c.getErr().println("veilnet: " + ex.getMessage());
          c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
          // EXIT_USAGE unless the command declares its own code for bad input (job run's exit
          // codes are a contract in which 2 means "rejected at admission").
          return c.getCommandSpec().exitCodeOnInvalidInput();
        });
    return cl;
  }

  static String describe(Throwable ex) {
    String m = ex.getMessage();
    if (m == null || m.isBlank()) {
      m = ex.getClass().getSimpleName();
    }
    return m;
  }

  /** Reads the version Maven wrote into {@code version.properties}. */
  public static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"veilnet " + version(), "Java " + System.getProperty("java.version")};
    }

    public static String version() {
      try (InputStream in = VeilnetCli.class.getResourceAsStream("/io/veilnet/engine/version.properties")) {
        Properties p = new Properties();
        if (in != null) {
          p.load(in);
        }
        return p.getProperty("version", "unknown");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
