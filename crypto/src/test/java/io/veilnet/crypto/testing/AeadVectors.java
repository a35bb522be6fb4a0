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
      return (Map<String, Object>) new Json(Files.readString(p, StandardCharsets.UTF_8)).parse();
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

  /** Minimal RFC 8259 reader: objects, arrays, strings (with escapes), numbers, literals. */
  static final class Json {
    private final String s;
    private int i;

    Json(String s) {
      this.s = s;
    }

    Object parse() {
      Object v = value();
      skipWs();
      if (i != s.length()) {
        throw error("trailing data");
      }
      return v;
    }

    private Object value() {
      skipWs();
      if (i >= s.length()) {
        throw error("unexpected end");
      }
      char c = s.charAt(i);
      switch (c) {
        case '{':
          return object();
        case '[':
          return array();
        case '"':
          return string();
        case 't':
          return literal("true", Boolean.TRUE);
        case 'f':
          return literal("false", Boolean.FALSE);
        case 'n':
          return literal("null", null);
        default:
          return number();
      }
    }

    private Map<String, Object> object() {
      Map<String, Object> m = new LinkedHashMap<>();
      i++; // {
      skipWs();
      if (peek() == '}') {
        i++;
        return m;
      }
      while (true) {
        skipWs();
        String key = string();
        skipWs();
        expect(':');
        m.put(key, value());
        skipWs();
        char c = s.charAt(i++);
        if (c == '}') {
          return m;
        }
        if (c != ',') {
          throw error("expected , or }");
        }
      }
    }

    private List<Object> array() {
      List<Object> a = new ArrayList<>();
      i++; // [
      skipWs();
      if (peek() == ']') {
        i++;
        return a;
      }
      while (true) {
        a.add(value());
        skipWs();
        char c = s.charAt(i++);
        if (c == ']') {
          return a;
        }
        if (c != ',') {
          throw error("expected , or ]");
        }
      }
    }

    private String string() {
      expect('"');
      StringBuilder b = new StringBuilder();
      while (true) {
        char c = s.charAt(i++);
        if (c == '"') {
          return b.toString();
        }
        if (c != '\\') {
          b.append(c);
          continue;
        }
        char e = s.charAt(i++);
        switch (e) {
          case '"', '\\', '/' -> b.append(e);
          case 'b' -> b.append('\b');
          case 'f' -> b.append('\f');
          case 'n' -> b.append('\n');
          case 'r' -> b.append('\r');
          case 't' -> b.append('\t');
          case 'u' -> {
            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            i += 4;
          }
          default -> throw error("bad escape");
        }
      }
    }

    private Number number() {
      int start = i;
      while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
        i++;
      }
      String n = s.substring(start, i);
      if (n.isEmpty()) {
        throw error("unexpected character");
      }
      if (n.contains(".") || n.contains("e") || n.contains("E")) {
        return Double.parseDouble(n);
      }
      return Long.parseLong(n);
    }

    private Object literal(String word, Object v) {
      if (!s.startsWith(word, i)) {
        throw error("bad literal");
      }
      i += word.length();
      return v;
    }

    private char peek() {
      return i < s.length() ? s.charAt(i) : 0;
    }

    private void expect(char c) {
      if (peek() != c) {
        throw error("expected " + c);
      }
      i++;
    }

    private void skipWs() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }

    private IllegalStateException error(String what) {
      return new IllegalStateException("JSON: " + what + " at offset " + i);
    }
  }
}
