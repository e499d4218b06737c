package dev.sluice.server.limit;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** A clock the test moves, in epoch nanoseconds (starts at 2025-01-01T00:00:00Z). */
final class TestClock implements InstantSource {
  static final long START = Instant.parse("2025-01-01T00:00:00Z").getEpochSecond() * 1_000_000_000L;
  private final AtomicLong nanos = new AtomicLong(START);

  long nanos() {
    return nanos.get();
  }

  void advanceNanos(long delta) {
    nanos.addAndGet(delta);
  }

  void advanceSeconds(long seconds) {
    advanceNanos(seconds * 1_000_000_000L);
  }

  @Override
  public Instant instant() {
    long n = nanos.get();
    return Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
  }
}
