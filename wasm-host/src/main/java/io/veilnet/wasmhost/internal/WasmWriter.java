package io.veilnet.wasmhost.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Appends WASM binary encodings. */
final class WasmWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  WasmWriter u8(int b) {
    out.write(b);
    return this;
  }

  WasmWriter u32(long v) {
    do {
      int b = (int) (v & 0x7F);
      v >>>= 7;
      out.write(v != 0 ? b | 0x80 : b);
    } while (v != 0);
    return this;
  }

  WasmWriter s64(long v) {
    boolean more = true;
    while (more) {
      int b = (int) (v & 0x7F);
      v >>= 7;
      if ((v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0)) {
        more = false;
      } else {
        b |= 0x80;
      }
      out.write(b);
    }
    return this;
  }

  WasmWriter bytes(byte[] b) {
    out.write(b, 0, b.length);
    return this;
  }

  WasmWriter bytes(byte[] b, int from, int to) {
    out.write(b, from, to - from);
    return this;
  }

  WasmWriter name(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    u32(b.length);
    return bytes(b);
  }

  int size() {
    return out.size();
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }
}
