package io.veilnet.kademlia.internal;

import io.netty.channel.EventLoop;
import java.util.concurrent.TimeUnit;

/** The real {@link Clock}: system wall time, tasks on a channel's event loop. */
public final class EventLoopClock implements Clock {
  private final EventLoop loop;

  public EventLoopClock(EventLoop loop) {
    this.loop = loop;
  }

  @Override
  public long nowMillis() {
    return System.currentTimeMillis();
  }

  @Override
  public void execute(Runnable task) {
    loop.execute(task);
  }

  @Override
  public Cancellable schedule(Runnable task, long delayMillis) {
    var f = loop.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    return () -> f.cancel(false);
  }

  public boolean inLoop() {
    return loop.inEventLoop();
  }
}
