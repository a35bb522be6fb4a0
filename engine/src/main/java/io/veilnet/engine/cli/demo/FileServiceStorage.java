package io.veilnet.engine.cli.demo;

import io.veilnet.crypto.CesConfig;
import io.veilnet.engine.RunningNode;
import io.veilnet.engine.files.FileId;
import io.veilnet.engine.files.FileRef;
import io.veilnet.engine.files.FileService;
import io.veilnet.engine.files.Transfer;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.LongConsumer;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The demo's storage through each node's file service: CES segments (zstd, AEAD under the file key
 * from the key service, padding, Reed-Solomon), shards placed on the closest reachable nodes over
 * the encrypted TCP blob channel and announced as provider records, a signed manifest under the
 * file id; a get reads the manifest and any k verified shards per segment.
 */
final class FileServiceStorage implements DemoStorage {
  private static final Duration T = Duration.ofSeconds(60);
  private final CesConfig ces;

  FileServiceStorage(CesConfig ces) {
    this.ces = ces;
  }

  @Override
  public String describe() {
    return ces.dataShards() + "-of-" + ces.totalShards() + " Reed-Solomon, " + (ces.segmentSize() >> 20)
        + " MiB segments, " + ces.algorithm() + ", via the file service";
  }

  @Override
  public int tolerates() {
    return ces.totalShards() - ces.dataShards();
  }

  @Override
  public int shardsPerSegment() {
    return ces.totalShards();
  }

  private static FileService files(RunningNode n) {
    return n.files().orElseThrow(() -> new IllegalStateException("node " + n.id() + " has no file service"));
  }

  @Override
  public Stored put(RunningNode writer, byte[] data, LongConsumer progress) {
    Transfer<Mono<FileRef>> t = files(writer).putTracked(Flux.just(ByteBuffer.wrap(data)), "demo", data.length);
    Disposable watch = t.progress().subscribe(p -> progress.accept(p.bytes()), e -> { });
    try {
      FileRef ref = t.result().block(T);
      return new Stored(ref.id().bytes(), ref.segments());
    } finally {
      watch.dispose();
    }
  }

  @Override
  public byte[] get(RunningNode reader, Stored stored) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    files(reader).get(FileId.of(stored.fileId()))
        .doOnNext(b -> {
          byte[] chunk = new byte[b.remaining()];
          b.get(chunk);
          out.writeBytes(chunk);
        })
        .blockLast(T);
    return out.toByteArray();
  }
}
