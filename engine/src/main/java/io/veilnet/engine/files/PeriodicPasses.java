package io.veilnet.engine.files;

import java.time.Duration;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * A background loop of passes on a timer, shared by the repair and manifest-refresh services: a
 * pass never overlaps the previous one (a tick that arrives during a pass is dropped), and every
 * report goes to a hot, best-effort sink (no subscriber, or a slow one: the report is dropped,
 * the pass is not).
 */
final class PeriodicPasses<R> implements Disposable {
  private static final Logger log = LoggerFactory.getLogger(PeriodicPasses.class);
  private final String name;
  private final Sinks.Many<R> reports = Sinks.many().multicast().directBestEffort();
  private volatile Disposable running;

  /** @param name what a pass does, for log lines ("repair", "manifest refresh") */
  PeriodicPasses(String name) {
    this.name = name;
  }

  Flux<R> reports() {
    return reports.asFlux();
  }

  /** Starts the loop unless it runs already; returns its handle. */
  synchronized Disposable start(Duration first, Duration period, Scheduler timer,
      Supplier<? extends Publisher<R>> pass) {
    if (running != null && !running.isDisposed()) {
      return running;
    }
    running = Flux.interval(first, period, timer)
        .onBackpressureDrop(tick -> log.debug("{} pass still running; skipping tick {}", name, tick))
        .concatMap(tick -> pass.get(), 1)
        .subscribe(this::report, e -> log.error("{} loop stopped", name, e));
    return running;
  }

  private synchronized void report(R r) {
    reports.tryEmitNext(r);
  }

  @Override
  public synchronized void dispose() {
    if (running != null) {
      running.dispose();
    }
    reports.tryEmitComplete();
  }

  @Override
  public boolean isDisposed() {
    return running != null && running.isDisposed();
  }
}
