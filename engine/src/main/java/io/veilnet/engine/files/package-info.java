/**
 * The file service: streams a file through the CES pipeline (zstd → AEAD → padding → Reed–Solomon)
 * into equal-size shards placed on the nodes closest to their ids, with a signed manifest under the
 * file id, and streams it back from any k shards per segment. Public API; see {@code
 * docs/storage.md}. Classes under {@code io.veilnet.engine.files.internal} are not API.
 */
package io.veilnet.engine.files;
