/* Counts lines, words and bytes of the input (like `wc`); output: "lines words bytes\n" in ASCII. */
#include "abi.h"

static u32 put_u32(u8 *p, u32 v) {
  u8 tmp[10];
  u32 n = 0;
  do { tmp[n++] = (u8)('0' + v % 10); v /= 10; } while (v);
  for (u32 i = 0; i < n; i++) p[i] = tmp[n - 1 - i];
  return n;
}

static int is_space(u8 c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

EXPORT("run") u64 run(const u8 *in, u32 len) {
  u32 lines = 0, words = 0;
  int in_word = 0;
  for (u32 i = 0; i < len; i++) {
    u8 c = in[i];
    if (c == '\n') lines++;
    if (is_space(c)) {
      in_word = 0;
    } else if (!in_word) {
      in_word = 1;
      words++;
    }
  }
  u8 *out = bump(40);
  if (!out) __builtin_trap();
  u32 n = put_u32(out, lines);
  out[n++] = ' ';
  n += put_u32(out + n, words);
  out[n++] = ' ';
  n += put_u32(out + n, len);
  out[n++] = '\n';
  return output(out, n);
}
