package dev.sluice.core.route;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: retry n waits a uniform random time in
 * {@code [0, min(max, base * 2^(n-1))]}. Full jitter spreads clients that failed together instead of making
 * them retry in lockstep; of the variants compared in "Exponential Backoff And Jitter" (AWS Architecture
 * Blog, 2015) it did the least work for the same completion time.
 *
 * <p>Computed in nanoseconds with saturation, so a large retry number or huge durations cap at {@code max}
 * instead of overflowing.
 */
public final class Backoff {
  private Backoff() {}

  /** @param retryNumber 1 for the first retry */
  public static Duration delay(int retryNumber, Duration base, Duration max, RandomGenerator random) {
    if (retryNumber < 1) {
      throw new IllegalArgumentException("retryNumber is 1-based, was " + retryNumber);
    }
    if (base.isNegative() || max.isNegative()) {
      throw new IllegalArgumentException("backoff durations must not be negative: base=" + base + ", max=" + max);
    }
    long ceiling = ceilingNanos(retryNumber - 1, saturatedNanos(base), saturatedNanos(max));
    if (ceiling == 0) {
      return Duration.ZERO;
    }
    long nanos = ceiling == Long.MAX_VALUE ? random.nextLong() & Long.MAX_VALUE : random.nextLong(ceiling + 1);
    return Duration.ofNanos(nanos);
  }

  /** {@code min(max, base << doublings)} without overflow. */
  private static long ceilingNanos(int doublings, long base, long max) {
    if (base == 0) {
      return 0;
    }
    if (doublings >= Long.SIZE - 1 || base > (max >> doublings)) {
      return max;
    }
    return Math.min(max, base << doublings);
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE; // ~292 years: as good as forever for a retry delay
    }
  }
}
