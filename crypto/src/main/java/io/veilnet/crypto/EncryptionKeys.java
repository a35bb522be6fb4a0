package io.veilnet.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.SecureRandom;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where data-encryption keys come from, the way operators expect:
 *
 * <ol>
 *   <li>an explicit 32-byte key ({@link #explicit(byte[])});
 *   <li>the {@value #ENV_VAR} environment variable, exactly 64 hex characters ({@link
 *       #fromEnvironment(Map)}); anything else is a {@link KeyConfigurationException} naming the
 *       variable;
 *   <li>a key that lives only as long as this process ({@link #processRandom(Consumer)}), with a
 *       loud warning that data encrypted under it is unreadable by any other process or after a
 *       restart;
 *   <li>per-tenant keys derived by HKDF from a master secret and an application salt ({@link
 *       #perTenant(SymmetricKey, byte[], String)}).
 * </ol>
 *
 * The environment is always passed in, never read from a static initialiser.
 */
public final class EncryptionKeys {
  /** The environment variable holding a development key as 64 hex characters. */
  public static final String ENV_VAR = "CES_ENCRYPTION_KEY";

  /** The warning printed when a process-random key is used. */
  public static final String PROCESS_RANDOM_WARNING =
      "WARNING: no encryption key configured (" + ENV_VAR + " is not set). Using a random key that"
          + " exists only in this process: data encrypted now CANNOT be read by any other process"
          + " or after a restart. Set " + ENV_VAR + " to 64 hex characters (32 bytes) to keep data"
          + " readable.";

  private static final int KEY_BYTES = 32;
  private static final byte[] TENANT_INFO_PREFIX = "veilnet/tenant-key/v1/".getBytes(UTF_8);

  private EncryptionKeys() {}

  /** A 32-byte key given by the caller (copied). */
  public static SymmetricKey explicit(byte[] key) {
    if (key == null || key.length != KEY_BYTES) {
      throw new KeyConfigurationException(
          "an explicit encryption key must be exactly " + KEY_BYTES + " bytes, got "
              + (key == null ? "none" : key.length));
    }
    return SymmetricKey.of(key);
  }

  /**
   * Reads {@value #ENV_VAR} from {@code environment}. Empty when the variable is unset.
   *
   * @throws KeyConfigurationException if it is set but not exactly 64 hex characters
   */
  public static Optional<SymmetricKey> fromEnvironment(Map<String, String> environment) {
    Objects.requireNonNull(environment, "environment");
    String value = environment.get(ENV_VAR);
    if (value == null) {
      return Optional.empty();
    }
    String v = value.strip();
    if (v.length() != 2 * KEY_BYTES) {
      throw new KeyConfigurationException(
          ENV_VAR + " must be exactly 64 hex characters (a 32-byte key), but it has " + v.length()
              + " characters");
    }
    for (int i = 0; i < v.length(); i++) {
      if (Character.digit(v.charAt(i), 16) < 0) {
        throw new KeyConfigurationException(
            ENV_VAR + " must be exactly 64 hex characters (a 32-byte key), but character "
                + (i + 1) + " is not a hex digit");
      }
    }
    byte[] raw = Bytes.fromHex(v);
    try {
      return Optional.of(SymmetricKey.of(raw));
    } finally {
      Bytes.zero(raw);
    }
  }

  /**
   * A fresh random key for this process only. {@code warning} receives {@link
   * #PROCESS_RANDOM_WARNING} before the key is returned (log it at WARN or print it to stderr).
   */
  public static SymmetricKey processRandom(Consumer<String> warning) {
    Objects.requireNonNull(warning, "warning").accept(PROCESS_RANDOM_WARNING);
    return SymmetricKey.random(KEY_BYTES, new SecureRandom());
  }

  /**
   * The operator's key from {@code environment}, or else a process-random key announced through
   * {@code warning}.
   */
  public static SymmetricKey resolve(Map<String, String> environment, Consumer<String> warning) {
    return fromEnvironment(environment).orElseGet(() -> processRandom(warning));
  }

  /**
   * Derives a tenant's key: {@code HKDF-SHA256(ikm = master, salt = applicationSalt, info =
   * "veilnet/tenant-key/v1/" ‖ tenantId)}. Different tenants, salts or masters give independent
   * keys; the same inputs always give the same key.
   */
  public static SymmetricKey perTenant(SymmetricKey master, byte[] applicationSalt, String tenantId) {
    Objects.requireNonNull(master, "master");
    Objects.requireNonNull(applicationSalt, "applicationSalt");
    Objects.requireNonNull(tenantId, "tenantId");
    if (applicationSalt.length < 16) {
      throw new IllegalArgumentException(
          "application salt must be at least 16 bytes, got " + applicationSalt.length);
    }
    if (tenantId.isEmpty()) {
      throw new IllegalArgumentException("tenant id must not be empty");
    }
    byte[] ikm = master.bytes();
    byte[] okm = null;
    try {
      okm = Hkdf.derive(ikm, applicationSalt, Bytes.concat(TENANT_INFO_PREFIX, tenantId.getBytes(UTF_8)), KEY_BYTES);
      return SymmetricKey.of(okm);
    } finally {
      Bytes.zero(ikm);
      Bytes.zero(okm);
    }
  }
}
