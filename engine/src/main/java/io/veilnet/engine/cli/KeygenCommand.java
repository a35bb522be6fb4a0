package io.veilnet.engine.cli;

import io.veilnet.engine.identity.IdentityStore;
import io.veilnet.engine.identity.NodeIdentity;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code veilnet keygen}: writes a node identity to a data dir. */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description = {
      "Create a node identity (Ed25519 identity key, X25519 handshake key, secp256k1 host key)",
      "in a data dir as identity.key (mode 0600), and print the node id and host address."
    })
final class KeygenCommand implements Callable<Integer> {
  /** Default puzzle difficulty: about a second of one core here. */
  static final int DEFAULT_DIFFICULTY = 14;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default: ~/.veilnet/default).")
  Path dataDir;

  @Option(names = "--force", description = "Replace an existing identity (the old one is lost).")
  boolean force;

  @Option(
      names = "--difficulty",
      paramLabel = "BITS",
      description = "S/Kademlia static puzzle difficulty in bits (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + DEFAULT_DIFFICULTY)
  int difficulty;

  @Override
  public Integer call() throws IOException {
    if (difficulty < 0 || difficulty > 24) {
      throw new CliException(VeilnetCli.EXIT_USAGE, "--difficulty must be 0..24, got " + difficulty);
    }
    Path dir = dataDir != null ? dataDir : DataDirs.defaultDir("default");
    if (!force && IdentityStore.file(dir).toFile().exists()) {
      throw new CliException(1, "an identity already exists in " + dir + " (use --force to replace it)");
    }
    long attempts = 64L << difficulty; // fails with odds ~ e^-64: effectively never
    try (NodeIdentity id = NodeIdentity.generate(new SecureRandom(), difficulty, attempts)) {
      Path file;
      try {
        file = IdentityStore.write(dir, id, force);
      } catch (FileAlreadyExistsException e) {
        throw new CliException(1, "an identity already exists in " + dir + " (use --force to replace it)");
      }
      var out = spec.commandLine().getOut();
      out.println("node id:      " + id.nodeIdHex());
      out.println("host address: " + id.hostAddress().toChecksumString());
      out.println("written to:   " + file + " (mode 0600)");
      out.flush();
    }
    return 0;
  }
}
