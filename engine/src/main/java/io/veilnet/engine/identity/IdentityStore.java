package io.veilnet.engine.identity;

import io.veilnet.crypto.Bytes;
import io.veilnet.crypto.Ed25519PrivateKey;
import io.veilnet.crypto.KeyConfigurationException;
import io.veilnet.crypto.Secp256k1PrivateKey;
import io.veilnet.crypto.X25519PrivateKey;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Reads and writes a node identity in a data dir as {@code identity.key}: a small text file of
 * hex-encoded secrets, created with mode 0600 (never readable by others even for an instant:
 * written to a 0600 temporary file, forced to disk, then atomically renamed).
 *
 * <p>The host key may be overridden by {@value #HOST_KEY_ENV} (0x-prefixed hex), as the design
 * asks for gateway deployments.
 */
public final class IdentityStore {
  public static final String FILE_NAME = "identity.key";
  public static final String HOST_KEY_ENV = "HOST_PRIVATE_KEY";
  static final String FORMAT = "veilnet-identity-v1";
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

  private IdentityStore() {}

  public static Path file(Path dataDir) {
    return dataDir.resolve(FILE_NAME);
  }

  /**
   * Writes {@code identity} to {@code dataDir/identity.key}, creating the dir (0700) if needed.
   *
   * @throws FileAlreadyExistsException if an identity is there and {@code overwrite} is false
   */
  public static Path write(Path dataDir, NodeIdentity identity, boolean overwrite) throws IOException {
    if (!Files.isDirectory(dataDir)) {
      Files.createDirectories(dataDir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
    }
    Path target = file(dataDir);
    if (!overwrite && Files.exists(target)) {
      throw new FileAlreadyExistsException(target.toString(), null, "an identity already exists");
    }
    byte[] seed = identity.identityKey().seed();
    byte[] stat = identity.staticKey().bytes();
    byte[] host = identity.hostKey().bytes();
    String text = "# Veilnet node identity. SECRET: anyone with this file can act as this node.\n"
        + "format=" + FORMAT + "\n"
        + "node-id=" + identity.nodeIdHex() + "\n"
        + "host-address=" + identity.hostAddress().toChecksumString() + "\n"
        + "ed25519-seed=" + Bytes.toHex(seed) + "\n"
        + "x25519-private=" + Bytes.toHex(stat) + "\n"
        + "secp256k1-private=" + Bytes.toHex(host) + "\n";
    Bytes.zero(seed);
    Bytes.zero(stat);
    Bytes.zero(host);
    Path tmp = Files.createTempFile(dataDir, ".identity-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    try {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      try (var ch = Files.newByteChannel(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ch.write(java.nio.ByteBuffer.wrap(bytes));
        ((java.nio.channels.FileChannel) ch).force(true);
      } finally {
        Bytes.zero(bytes);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    return target;
  }

  /** Loads the identity in {@code dataDir}; empty if there is none. */
  public static Optional<NodeIdentity> read(Path dataDir, Map<String, String> environment) throws IOException {
    Path f = file(dataDir);
    String text;
    try {
      text = Files.readString(f, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    Properties p = new Properties();
    p.load(new StringReader(text));
    if (!FORMAT.equals(p.getProperty("format"))) {
      throw new KeyConfigurationException(f + " is not a Veilnet identity file (format " + FORMAT + " expected)");
    }
    byte[] seed = hex(p, "ed25519-seed", f);
    byte[] stat = hex(p, "x25519-private", f);
    byte[] host = hostKey(p, f, environment);
    try {
      return Optional.of(new NodeIdentity(
          Ed25519PrivateKey.fromSeed(seed), X25519PrivateKey.of(stat), Secp256k1PrivateKey.fromBytes(host)));
    } catch (IllegalArgumentException e) {
      throw new KeyConfigurationException(f + " holds an invalid key: " + e.getMessage());
    } finally {
      Bytes.zero(seed);
      Bytes.zero(stat);
      Bytes.zero(host);
    }
  }

  private static byte[] hostKey(Properties p, Path f, Map<String, String> env) {
    String override = env.get(HOST_KEY_ENV);
    if (override == null) {
      return hex(p, "secp256k1-private", f);
    }
    String v = override.strip();
    if (!v.startsWith("0x") || v.length() != 66) {
      throw new KeyConfigurationException(
          HOST_KEY_ENV + " must be 0x followed by 64 hex characters, but it has " + v.length() + " characters"
              + (v.startsWith("0x") ? "" : " and no 0x prefix"));
    }
    try {
      return Bytes.fromHex(v);
    } catch (IllegalArgumentException e) {
      throw new KeyConfigurationException(HOST_KEY_ENV + " is not valid hex");
    }
  }

  private static byte[] hex(Properties p, String name, Path f) {
    String v = p.getProperty(name);
    if (v == null) {
      throw new KeyConfigurationException(f + " lacks " + name);
    }
    try {
      return Bytes.fromHex(v.strip());
    } catch (IllegalArgumentException e) {
      throw new KeyConfigurationException(f + ": " + name + " is not valid hex");
    }
  }
}
