#!/bin/sh
# Rebuilds the checked-in .wasm test fixtures from their .wat sources.
# Needs wabt's wat2wasm (Debian: apt-get install wabt). CI uses the checked-in .wasm files.
set -eu
cd "$(dirname "$0")"
for f in *.wat; do
  wat2wasm --enable-tail-call "$f" -o "${f%.wat}.wasm"
done
