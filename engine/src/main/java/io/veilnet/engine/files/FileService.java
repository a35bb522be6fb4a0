package io.veilnet.engine.files;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Stores files in the network encrypted and erasure-coded, and streams them back (design §5).
 *
 * <p>A put cuts the input into segments, runs each through the CES pipeline (zstd → AEAD under the
 * file key from the key service → constant-size padding → Reed–Solomon k-of-n), places every shard
 * on the closest reachable node to its id, announces it with a provider record and finally
 * publishes a signed manifest under the file id. A get reads the manifest, fetches any k verified
 * shards per segment and streams the plaintext in order. Both hold a bounded number of segments in
 * memory, so files larger than the heap work.
 *
 * <p>All methods are lazy: nothing happens until subscription.
 */
public interface FileService extends AutoCloseable {

  /** Stores the bytes of {@code data} (the buffers are read, not kept) as a new file. */
  Mono<FileRef> put(Flux<ByteBuffer> data);

  /** Stores the file at {@code path}, read in segment-sized pieces; its name goes in the metadata. */
  Mono<FileRef> put(Path path);

  /** Streams the plaintext of a file, in order; read-only buffers. */
  Flux<ByteBuffer> get(FileId id);

  /** {@link #put(Flux)} with progress; {@code name} goes (encrypted) into the manifest. */
  Transfer<Mono<FileRef>> putTracked(Flux<ByteBuffer> data, String name, long expectedSize);

  /** {@link #put(Path)} with progress (the total is the file's size). */
  Transfer<Mono<FileRef>> putTracked(Path path);

  /** {@link #get(FileId)} with progress (the total is known once the manifest is read). */
  Transfer<Flux<ByteBuffer>> getTracked(FileId id);

  /** The decrypted metadata of a file. */
  Mono<FileInfo> info(FileId id);

  /** Releases what the service owns (its CPU scheduler, if it created one). */
  @Override
  void close();
}
