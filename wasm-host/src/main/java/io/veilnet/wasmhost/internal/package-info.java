/**
 * Internals of the wasm-host module: the module rewriter, runtime adapters and the worker pool.
 * Not API; may change without notice.
 */
package io.veilnet.wasmhost.internal;
