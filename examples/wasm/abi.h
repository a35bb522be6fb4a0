/* Veilnet WASM job ABI helpers for freestanding C (no libc, no WASI).
 * Exports: memory, alloc(len) -> ptr, run(ptr, len) -> (out_ptr << 32) | out_len.  */
#ifndef VEILNET_ABI_H
#define VEILNET_ABI_H

typedef unsigned char u8;
typedef unsigned int u32;
typedef unsigned long long u64;

extern u8 __heap_base;
static u32 heap_top;

#define EXPORT(name) __attribute__((export_name(name)))

/* Bump allocator over linear memory; grows memory as needed, returns 0 when refused. */
static void *bump(u32 len) {
  if (heap_top == 0) heap_top = (u32)&__heap_base;
  u32 ptr = (heap_top + 15u) & ~15u;
  u32 end = ptr + len;
  u32 have = (u32)__builtin_wasm_memory_size(0) * 65536u;
  if (end > have) {
    u32 pages = (end - have + 65535u) / 65536u;
    if (__builtin_wasm_memory_grow(0, pages) == (unsigned long)-1) return 0;
  }
  heap_top = end;
  return (void *)ptr;
}

static u64 output(const void *ptr, u32 len) {
  return ((u64)(u32)ptr << 32) | len;
}

/* The compiler may call these for block copies; there is no libc. */
void *memcpy(void *dst, const void *src, unsigned long n) {
  u8 *d = dst;
  const u8 *s = src;
  while (n--) *d++ = *s++;
  return dst;
}

void *memset(void *dst, int c, unsigned long n) {
  u8 *d = dst;
  while (n--) *d++ = (u8)c;
  return dst;
}

EXPORT("alloc") void *alloc(u32 len) { return bump(len); }

#endif
