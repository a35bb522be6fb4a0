package io.veilnet.mdns.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The TXT layout of a {@code _veilnet._udp} service (wire form: DNS character-strings, each a
 * length byte and up to 255 bytes):
 *
 * <pre>
 *   "v=1"            layout version
 *   "n=&lt;N&gt;"          number of record chunks, 1..{@value #MAX_CHUNKS}
 *   "r0=&lt;chunk&gt;" ... "r&lt;N-1&gt;=&lt;chunk&gt;"
 * </pre>
 *
 * The chunks concatenated are the signed record in unpadded base64url (RFC 4648 §5); every chunk
 * but the last holds {@value #CHUNK_CHARS} characters. The whole TXT rdata is at most {@value
 * #MAX_TXT_BYTES} bytes (RFC 6763 §6.2: fits one Ethernet packet), which bounds the record at
 * {@value #MAX_RECORD_BYTES} bytes. Decoding follows RFC 6763 §6.4–6.5: keys are case-insensitive,
 * only the first occurrence of a key counts, unknown keys and key-only attributes are ignored.
 */
public final class TxtCodec {
  public static final int MAX_TXT_BYTES = 1300;
  public static final int MAX_STRING_BYTES = 255;
  public static final int CHUNK_CHARS = 250;
  public static final int MAX_CHUNKS = 6;
  public static final int MAX_RECORD_BYTES = 950;
  static final String VERSION = "1";

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private TxtCodec() {}

  /**
   * The TXT rdata carrying {@code record}.
   *
   * @throws IllegalArgumentException if the record is empty or longer than {@link #MAX_RECORD_BYTES}
   */
  public static byte[] encode(byte[] record) {
    if (record == null || record.length == 0) {
      throw new IllegalArgumentException("record must not be empty");
    }
    if (record.length > MAX_RECORD_BYTES) {
      throw new IllegalArgumentException(
          "record is " + record.length + " bytes; mDNS TXT carries at most " + MAX_RECORD_BYTES);
    }
    String b64 = ENCODER.encodeToString(record);
    int chunks = (b64.length() + CHUNK_CHARS - 1) / CHUNK_CHARS;
    ByteArrayOutputStream out = new ByteArrayOutputStream(MAX_TXT_BYTES);
    writeString(out, "v=" + VERSION);
    writeString(out, "n=" + chunks);
    for (int i = 0; i < chunks; i++) {
      int from = i * CHUNK_CHARS;
      writeString(out, "r" + i + "=" + b64.substring(from, Math.min(b64.length(), from + CHUNK_CHARS)));
    }
    byte[] txt = out.toByteArray();
    if (txt.length > MAX_TXT_BYTES) { // cannot happen with the constants above; checked in tests
      throw new IllegalStateException("TXT layout exceeds " + MAX_TXT_BYTES + " bytes");
    }
    return txt;
  }

  /**
   * The record carried by TXT rdata {@code txt}.
   *
   * @throws TxtDecodeException if the layout is malformed, over the limits or of another version
   */
  public static byte[] decode(byte[] txt) throws TxtDecodeException {
    if (txt == null || txt.length == 0) {
      throw new TxtDecodeException("empty TXT");
    }
    if (txt.length > MAX_TXT_BYTES) {
      throw new TxtDecodeException("TXT is " + txt.length + " bytes, limit " + MAX_TXT_BYTES);
    }
    Map<String, String> attrs = parse(txt);
    String version = attrs.get("v");
    if (version == null) {
      throw new TxtDecodeException("no layout version");
    }
    if (!VERSION.equals(version)) {
      throw new TxtDecodeException("unsupported layout version");
    }
    int n = parseChunkCount(attrs.get("n"));
    StringBuilder b64 = new StringBuilder(n * CHUNK_CHARS);
    for (int i = 0; i < n; i++) {
      String chunk = attrs.get("r" + i);
      if (chunk == null || chunk.isEmpty()) {
        throw new TxtDecodeException("missing record chunk " + i);
      }
      b64.append(chunk);
    }
    for (int i = 0; i < b64.length(); i++) {
      char c = b64.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_';
      if (!ok) {
        throw new TxtDecodeException("record chunk is not unpadded base64url");
      }
    }
    if (b64.length() % 4 == 1) {
      throw new TxtDecodeException("record chunk has a truncated base64url length");
    }
    byte[] record;
    try {
      record = DECODER.decode(b64.toString());
    } catch (IllegalArgumentException e) {
      throw new TxtDecodeException("record chunk is not base64url");
    }
    if (record.length == 0 || record.length > MAX_RECORD_BYTES) {
      throw new TxtDecodeException("record length " + record.length + " out of range");
    }
    return record;
  }

  private static int parseChunkCount(String n) throws TxtDecodeException {
    if (n == null) {
      throw new TxtDecodeException("no chunk count");
    }
    if (n.length() != 1 || n.charAt(0) < '1' || n.charAt(0) > (char) ('0' + MAX_CHUNKS)) {
      throw new TxtDecodeException("chunk count out of range 1.." + MAX_CHUNKS);
    }
    return n.charAt(0) - '0';
  }

  /** Key/value attributes; first occurrence wins, keys lower-cased, values ASCII-checked later. */
  private static Map<String, String> parse(byte[] txt) throws TxtDecodeException {
    Map<String, String> attrs = new HashMap<>();
    int pos = 0;
    int strings = 0;
    while (pos < txt.length) {
      int len = txt[pos] & 0xff;
      pos++;
      if (len > txt.length - pos) {
        throw new TxtDecodeException("character-string overruns the TXT rdata");
      }
      if (++strings > 64) { // far above any valid layout; bounds work on hostile input
        throw new TxtDecodeException("too many character-strings");
      }
      int eq = -1;
      for (int i = pos; i < pos + len; i++) {
        if (txt[i] == '=') {
          eq = i;
          break;
        }
      }
      if (eq > pos) { // key-only attributes and empty keys are ignored (RFC 6763 §6.4)
        String key = new String(txt, pos, eq - pos, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
        String value = new String(txt, eq + 1, pos + len - eq - 1, StandardCharsets.ISO_8859_1);
        attrs.putIfAbsent(key, value);
      }
      pos += len;
    }
    return attrs;
  }

  private static void writeString(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    if (b.length > MAX_STRING_BYTES) {
      throw new IllegalStateException("TXT string over 255 bytes");
    }
    out.write(b.length);
    out.write(b, 0, b.length);
  }
}
