package dev.sluice.core.route;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock tests move by hand. */
final class MutableClock implements InstantSource {
  private Instant now;

  MutableClock(Instant start) {
    this.now = start;
  }

  static MutableClock atEpoch() {
    return new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
  }

  @Override
  public Instant instant() {
    return now;
  }

  void advance(Duration by) {
    now = now.plus(by);
  }
}
