package io.veilnet.crypto.testing;

import io.veilnet.crypto.Bytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads the Wycheproof AEAD, HKDF and MAC vectors from {@code ${veilnet.shared.dir}/test-vectors/
 * wycheproof}. Fails (never skips) when the property or a file is missing. Carries its own small
 * JSON reader so the crypto module needs no JSON library.
 */
public final class AeadVectors {
  private AeadVectors() {}

  /** One AEAD test case with its group's declared sizes (bits). */
  public record Aead(
      int tcId,
      String comment,
      List<String> flags,
      int keySize,
      int ivSize,
      int tagSize,
      byte[] key,
      byte[] iv,
      byte[] aad,
      byte[] msg,
      byte[] ct,
      byte[] tag,
      String result) {
    public boolean valid() {
      return "valid".equals(result);
    }

    @Override
    public String toString() {
      return "tcId " + tcId + " (" + comment + ", " + result + ")";
    }
  }

  /** One HKDF-SHA256 case. */
  public record HkdfCase(
      int tcId, String comment, byte[] ikm, byte[] salt, byte[] info, int size, byte[] okm, String result) {
    @Override
    public String toString() {
      return "tcId " + tcId + " (" + comment + ", " + result + ")";
    }
  }

  /** One MAC case; {@code tagSize} in bits. */
  public record MacCase(
      int tcId, String comment, int tagSize, byte[] key, byte[] msg, byte[] tag, String result) {
    @Override
    public String toString() {
      return "tcId " + tcId + " (" + comment + ", " + result + ")";
    }
  }

  /** A loaded file: its declared test count and the cases. */
  public record Suite<T>(String file, int numberOfTests, List<T> cases) {}

  public static Path directory() {
    String shared = System.getProperty("veilnet.shared.dir");
    if (shared == null) {
      throw new AssertionError("system property veilnet.shared.dir is not set (run through Maven)");
    }
    Path dir = Path.of(shared, "test-vectors", "wycheproof");
    if (!Files.isDirectory(dir)) {
      throw new AssertionError("Wycheproof vectors missing: " + dir);
    }
    return dir;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> load(String file) {
    Path p = directory().resolve(file);
    try {
      return (Map<String, Object>) Json.parse(Files.readString(p, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p, e);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object o) {
    return (List<Map<String, Object>>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object o) {
    return (List<String>) o;
  }

  private static byte[] hex(Map<String, Object> t, String field) {
    return Bytes.fromHex((String) t.get(field));
  }

  private static int integer(Map<String, Object> m, String field) {
    return ((Number) m.get(field)).intValue();
  }

  public static Suite<Aead> aead(String file) {
    Map<String, Object> root = load(file);
    List<Aead> out = new ArrayList<>();
    for (Map<String, Object> g : list(root.get("testGroups"))) {
      for (Map<String, Object> t : list(g.get("tests"))) {
        out.add(
            new Aead(
                integer(t, "tcId"),
                (String) t.get("comment"),
                strings(t.get("flags")),
                integer(g, "keySize"),
                integer(g, "ivSize"),
                integer(g, "tagSize"),
                hex(t, "key"),
                hex(t, "iv"),
                hex(t, "aad"),
                hex(t, "msg"),
                hex(t, "ct"),
                hex(t, "tag"),
                (String) t.get("result")));
      }
    }
    return new Suite<>(file, integer(root, "numberOfTests"), out);
  }

  public static Suite<HkdfCase> hkdf(String file) {
    Map<String, Object> root = load(file);
    List<HkdfCase> out = new ArrayList<>();
    for (Map<String, Object> g : list(root.get("testGroups"))) {
      for (Map<String, Object> t : list(g.get("tests"))) {
        out.add(
            new HkdfCase(
                integer(t, "tcId"),
                (String) t.get("comment"),
                hex(t, "ikm"),
                hex(t, "salt"),
                hex(t, "info"),
                integer(t, "size"),
                hex(t, "okm"),
                (String) t.get("result")));
      }
    }
    return new Suite<>(file, integer(root, "numberOfTests"), out);
  }

  public static Suite<MacCase> mac(String file) {
    Map<String, Object> root = load(file);
    List<MacCase> out = new ArrayList<>();
    for (Map<String, Object> g : list(root.get("testGroups"))) {
      for (Map<String, Object> t : list(g.get("tests"))) {
        out.add(
            new MacCase(
                integer(t, "tcId"),
                (String) t.get("comment"),
                integer(g, "tagSize"),
                hex(t, "key"),
                hex(t, "msg"),
                hex(t, "tag"),
                (String) t.get("result")));
      }
    }
    return new Suite<>(file, integer(root, "numberOfTests"), out);
  }
}
