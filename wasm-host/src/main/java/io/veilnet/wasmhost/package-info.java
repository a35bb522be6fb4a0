/** Veilnet wasm-host: public API. Classes under {@code io.veilnet.wasmhost.internal} are not API. */
package io.veilnet.wasmhost;
