package io.veilnet.engine.files;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * A put or get with progress. {@link #result()} is lazy: subscribing starts the transfer; subscribe
 * to it once (a second subscription runs the transfer again, and its progress is not reported).
 * {@link #progress()} replays the latest {@link Progress} to late subscribers, emits one after
 * every stored or delivered segment, and completes when the transfer succeeds (or errors with it).
 *
 * @param <P> {@code Mono<FileRef>} for a put, {@code Flux<ByteBuffer>} for a get
 */
public interface Transfer<P extends Publisher<?>> {
  P result();

  Flux<Progress> progress();
}
