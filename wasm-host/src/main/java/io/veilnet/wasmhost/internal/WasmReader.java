package io.veilnet.wasmhost.internal;

/** A bounds-checked cursor over WASM binary bytes. Every read past the end is a {@link MalformedModuleException}. */
final class WasmReader {
  private final byte[] buf;
  private int pos;
  private final int end;

  WasmReader(byte[] buf, int from, int to) {
    this.buf = buf;
    this.pos = from;
    this.end = to;
  }

  byte[] buffer() {
    return buf;
  }

  int pos() {
    return pos;
  }

  boolean hasMore() {
    return pos < end;
  }

  int u8() {
    if (pos >= end) {
      throw new MalformedModuleException("unexpected end of module at byte " + pos);
    }
    return buf[pos++] & 0xFF;
  }

  int peek() {
    if (pos >= end) {
      throw new MalformedModuleException("unexpected end of module at byte " + pos);
    }
    return buf[pos] & 0xFF;
  }

  /** Unsigned LEB128 up to 32 bits. */
  int u32() {
    long result = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int b = u8();
      result |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        if (result > 0xFFFF_FFFFL) {
          throw new MalformedModuleException("integer too large at byte " + pos);
        }
        if (result > Integer.MAX_VALUE) {
          throw new MalformedModuleException("count or index too large at byte " + pos);
        }
        return (int) result;
      }
    }
    throw new MalformedModuleException("integer representation too long at byte " + pos);
  }

  /** Skips a signed LEB128 of at most {@code bits} bits. */
  void skipSleb(int bits) {
    int maxBytes = (bits + 6) / 7;
    for (int i = 0; i < maxBytes; i++) {
      if ((u8() & 0x80) == 0) {
        return;
      }
    }
    throw new MalformedModuleException("integer representation too long at byte " + pos);
  }

  /** Signed LEB128 of at most 33 bits, as used by block types (negative: an inline type). */
  long sleb33() {
    long result = 0;
    int shift = 0;
    int b;
    do {
      if (shift >= 35) {
        throw new MalformedModuleException("integer representation too long at byte " + pos);
      }
      b = u8();
      result |= (long) (b & 0x7F) << shift;
      shift += 7;
    } while ((b & 0x80) != 0);
    if ((b & 0x40) != 0) {
      result |= -1L << shift;
    }
    return result;
  }

  void skip(int n) {
    if (n < 0 || n > end - pos) {
      throw new MalformedModuleException("length " + n + " runs past the end at byte " + pos);
    }
    pos += n;
  }

  String name() {
    int len = u32();
    int start = pos;
    skip(len);
    return new String(buf, start, len, java.nio.charset.StandardCharsets.UTF_8);
  }
}
