package io.veilnet.engine.files;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import reactor.test.scheduler.VirtualTimeScheduler;

/** A clock that reads a {@link VirtualTimeScheduler}'s time, so expiry follows virtual time. */
final class VirtualClock extends Clock {
  private final VirtualTimeScheduler vts;

  VirtualClock(VirtualTimeScheduler vts) {
    this.vts = vts;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public long millis() {
    return vts.now(TimeUnit.MILLISECONDS);
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }
}
