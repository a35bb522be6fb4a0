package io.veilnet.crypto.testing;

import io.veilnet.crypto.Bytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads a Wycheproof test-vector file from {@code ${veilnet.shared.dir}/test-vectors/wycheproof}.
 * Fails (never skips) when the directory or file is missing.
 */
public final class WycheproofVectors {

  /** Expected outcome of one test case. */
  public enum Result {
    VALID,
    INVALID,
    ACCEPTABLE
  }

  public record Suite(String algorithm, int numberOfTests, List<Group> groups) {
    /** Every test case of every group, in file order. */
    public List<TestCase> allTests() {
      List<TestCase> all = new ArrayList<>();
      groups.forEach(g -> all.addAll(g.tests()));
      return all;
    }
  }

  public record Group(Map<String, Object> fields, List<TestCase> tests) {
    public String string(String key) {
      return WycheproofVectors.string(fields, key);
    }

    public byte[] hex(String key) {
      return Bytes.fromHex(string(key));
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> object(String key) {
      Object v = fields.get(key);
      if (!(v instanceof Map)) {
        throw new IllegalStateException("group has no object '" + key + "'");
      }
      return (Map<String, Object>) v;
    }
  }

  public record TestCase(
      Group group, int tcId, String comment, List<String> flags, Result result,
      Map<String, Object> fields) {

    public boolean has(String key) {
      return fields.containsKey(key);
    }

    public String string(String key) {
      return WycheproofVectors.string(fields, key);
    }

    public byte[] hex(String key) {
      return Bytes.fromHex(string(key));
    }

    /** A short label for assertion messages. */
    public String label() {
      return "tcId " + tcId + " (" + result + ", " + flags + ", " + comment + ")";
    }
  }

  private WycheproofVectors() {}

  /** Directory holding the Wycheproof JSON files. */
  public static Path directory() {
    String shared = System.getProperty("veilnet.shared.dir");
    if (shared == null) {
      throw new IllegalStateException("system property veilnet.shared.dir is not set");
    }
    Path dir = Path.of(shared, "test-vectors", "wycheproof");
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("Wycheproof vectors missing: " + dir);
    }
    return dir;
  }

  /** Parses {@code fileName} (e.g. {@code "ed25519_test.json"}). */
  @SuppressWarnings("unchecked")
  public static Suite load(String fileName) {
    Path file = directory().resolve(fileName);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Wycheproof file " + file, e);
    }
    Map<String, Object> root = (Map<String, Object>) Json.parse(text);
    List<Group> groups = new ArrayList<>();
    for (Object g : (List<Object>) root.get("testGroups")) {
      Map<String, Object> gm = (Map<String, Object>) g;
      List<TestCase> tests = new ArrayList<>();
      Group group = new Group(gm, tests);
      for (Object t : (List<Object>) gm.get("tests")) {
        Map<String, Object> tm = (Map<String, Object>) t;
        List<String> flags = new ArrayList<>();
        Object fl = tm.get("flags");
        if (fl != null) {
          ((List<Object>) fl).forEach(f -> flags.add((String) f));
        }
        Object comment = tm.get("comment");
        tests.add(new TestCase(
            group,
            ((Number) tm.get("tcId")).intValue(),
            comment == null ? "" : (String) comment,
            List.copyOf(flags),
            Result.valueOf(((String) tm.get("result")).toUpperCase(java.util.Locale.ROOT)),
            tm));
      }
      groups.add(group);
    }
    int declared = ((Number) root.get("numberOfTests")).intValue();
    return new Suite((String) root.get("algorithm"), declared, List.copyOf(groups));
  }

  /** Hex field {@code key} of a nested object (e.g. a group's {@code publicKey}). */
  public static byte[] hexOf(Map<String, Object> m, String key) {
    return Bytes.fromHex(string(m, key));
  }

  private static String string(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (!(v instanceof String)) {
      throw new IllegalStateException("no string field '" + key + "'");
    }
    return (String) v;
  }
}
