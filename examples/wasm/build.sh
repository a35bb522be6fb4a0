#!/bin/sh
# Builds the example job modules. Needs clang and lld with the wasm32 target
# (Debian: apt-get install clang lld). The built .wasm files are checked in, so CI needs neither.
set -eu
cd "$(dirname "$0")"
for src in sha256 wordcount; do
  clang --target=wasm32 -nostdlib -O2 -fno-builtin -Wall -Wextra \
    -Wl,--no-entry -Wl,--export-dynamic -Wl,--strip-all -Wl,-z,stack-size=65536 \
    -o "$src.wasm" "$src.c"
  echo "built $src.wasm ($(wc -c < "$src.wasm") bytes)"
done
