package io.veilnet.engine.files;

import static io.veilnet.engine.files.TestCluster.SMALL_SEGMENTS;
import static org.assertj.core.api.Assertions.assertThat;

import io.veilnet.engine.files.internal.Sha256;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Puts and gets hold a bounded number of segments whatever the file's size: the test streams far
 * more than it ever lets the service buffer and measures the buffering directly.
 */
class StreamingMemoryTest {
  private static final Duration T = Duration.ofSeconds(120);
  private static final int SEGMENT = SMALL_SEGMENTS.segmentSize();
  private static final int IN_FLIGHT = 3;
  private TestCluster cluster;

  @AfterEach
  void tearDown() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** A lazily generated stream of {@code total} pseudo-random bytes in {@code chunk}-byte buffers. */
  static Flux<ByteBuffer> generated(long total, int chunk, AtomicLong pulled, MessageDigest sha) {
    SplittableRandom rnd = new SplittableRandom(42);
    return Flux.generate(() -> 0L, (sent, sink) -> {
      if (sent >= total) {
        sink.complete();
        return sent;
      }
      int len = (int) Math.min(chunk, total - sent);
      byte[] b = new byte[len];
      for (int i = 0; i < len; i += 8) {
        long v = rnd.nextLong();
        for (int j = 0; j < 8 && i + j < len; j++) {
          b[i + j] = (byte) (v >>> (8 * j));
        }
      }
      sha.update(b);
      pulled.addAndGet(len);
      sink.next(ByteBuffer.wrap(b));
      return sent + len;
    });
  }

  @Test
  void put_buffersAtMostAFewSegments_whileStreamingManyMore() {
    FileServiceConfig cfg = FileServiceConfig.builder().ces(SMALL_SEGMENTS).segmentsInFlight(IN_FLIGHT).build();
    // Stores that keep nothing: the data never has to fit anywhere.
    cluster = new TestCluster(12, cfg, i -> new DiscardingStore(), 1L);
    long total = 64L << 20; // 1,024 segments; the service may hold about IN_FLIGHT + 2 of them
    AtomicLong pulled = new AtomicLong();
    AtomicLong maxAhead = new AtomicLong();
    MessageDigest sha = Sha256.newDigest();
    Transfer<reactor.core.publisher.Mono<FileRef>> put =
        cluster.services.get(0).putTracked(generated(total, 8192, pulled, sha), "big", total);
    List<Progress> seen = new ArrayList<>();
    reactor.core.Disposable watch = put.progress().subscribe(p -> {
      seen.add(p);
      maxAhead.accumulateAndGet(pulled.get() - p.bytes(), Math::max);
    });
    FileRef ref = put.result().block(T);
    watch.dispose();
    assertThat(ref.size()).isEqualTo(total);
    assertThat(ref.segments()).isEqualTo(1024);
    assertThat(seen).hasSize(1024);
    assertThat(seen.get(seen.size() - 1).fraction()).isEqualTo(1.0);
    assertThat(maxAhead.get())
        .as("bytes read from the source but not yet stored")
        .isLessThanOrEqualTo((long) (IN_FLIGHT + 3) * SEGMENT)
        .isGreaterThan(0);
  }

  @Test
  void get_fetchesOnlyAFewSegmentsAheadOfASlowConsumer() throws Exception {
    FileServiceConfig cfg = FileServiceConfig.builder().ces(SMALL_SEGMENTS).segmentsInFlight(IN_FLIGHT).build();
    cluster = new TestCluster(12, cfg);
    long total = 16L << 20; // 256 segments
    MessageDigest sha = Sha256.newDigest();
    FileRef ref = cluster.services.get(0).put(generated(total, 65_536, new AtomicLong(), sha)).block(T);
    byte[] expected = sha.digest();

    long base = cluster.network.shardFetches();
    AtomicLong maxAhead = new AtomicLong();
    MessageDigest got = Sha256.newDigest();
    Sinks.One<Long> done = Sinks.one();
    cluster.services.get(5).get(ref.id()).subscribe(new BaseSubscriber<ByteBuffer>() {
      long consumed;

      @Override
      protected void hookOnSubscribe(Subscription s) {
        request(1);
      }

      @Override
      protected void hookOnNext(ByteBuffer b) {
        consumed++;
        long fetchedSegments = (cluster.network.shardFetches() - base) / 4;
        maxAhead.accumulateAndGet(fetchedSegments - consumed, Math::max);
        got.update(b);
        request(1);
      }

      @Override
      protected void hookOnComplete() {
        done.tryEmitValue(consumed);
      }

      @Override
      protected void hookOnError(Throwable t) {
        done.tryEmitError(t);
      }
    });
    assertThat(done.asMono().block(T)).isEqualTo(256);
    assertThat(got.digest()).isEqualTo(expected);
    assertThat(maxAhead.get()).as("segments fetched ahead of the consumer").isLessThanOrEqualTo(IN_FLIGHT + 2);
  }

  @Test
  void getProgress_reportsTotalsAndEverySegment() {
    cluster = new TestCluster(12, FileServiceConfig.builder().ces(SMALL_SEGMENTS).build());
    long total = 5L * SEGMENT + 100;
    FileRef ref = cluster.services.get(0).put(generated(total, 10_000, new AtomicLong(), Sha256.newDigest())).block(T);
    Transfer<Flux<ByteBuffer>> get = cluster.services.get(1).getTracked(ref.id());
    List<Progress> seen = new ArrayList<>();
    reactor.core.Disposable d = get.progress().subscribe(seen::add);
    long bytes = get.result().map(ByteBuffer::remaining).reduce(0, Integer::sum).block(T);
    d.dispose();
    assertThat(bytes).isEqualTo(total);
    assertThat(seen.get(0)).isEqualTo(new Progress(Progress.Direction.GET, 0, total, 0, 6));
    assertThat(seen.get(seen.size() - 1)).isEqualTo(new Progress(Progress.Direction.GET, total, total, 6, 6));
    assertThat(seen).hasSize(7);
  }
}
