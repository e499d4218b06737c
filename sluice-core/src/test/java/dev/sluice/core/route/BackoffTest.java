package dev.sluice.core.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class BackoffTest {

  @Property
  void delayIsWithinZeroAndTheCappedExponentialCeiling(
      @ForAll @IntRange(min = 1, max = 200) int retry,
      @ForAll @LongRange(min = 0, max = 10_000) long baseMillis,
      @ForAll @LongRange(min = 0, max = 120_000) long maxMillis,
      @ForAll long seed) {
    Duration base = Duration.ofMillis(baseMillis);
    Duration max = Duration.ofMillis(maxMillis);
    Duration delay = Backoff.delay(retry, base, max, new Random(seed));
    Duration exponential = retry > 40 ? max : base.multipliedBy(1L << (retry - 1));
    Duration ceiling = exponential.compareTo(max) < 0 ? exponential : max;
    assertThat(delay).isBetween(Duration.ZERO, ceiling);
  }

  @Property
  void hugeDurationsDoNotOverflow(@ForAll @IntRange(min = 1, max = 5_000) int retry, @ForAll long seed) {
    Duration forever = Duration.ofDays(365L * 1_000);
    assertThat(Backoff.delay(retry, forever, forever, new Random(seed))).isBetween(Duration.ZERO, forever);
  }

  @Example
  void aZeroCeilingMeansNoWait() {
    assertThat(Backoff.delay(3, Duration.ZERO, Duration.ofSeconds(1), new Random(1))).isEqualTo(Duration.ZERO);
    assertThat(Backoff.delay(3, Duration.ofSeconds(1), Duration.ZERO, new Random(1))).isEqualTo(Duration.ZERO);
  }

  @Example
  void jitterUsesTheWholeRange() {
    Random random = new Random(3);
    long below = 0;
    for (int i = 0; i < 1_000; i++) {
      if (Backoff.delay(4, Duration.ofMillis(100), Duration.ofSeconds(10), random).toMillis() < 400) {
        below++; // ceiling is 800 ms: about half fall below 400
      }
    }
    assertThat(below).isBetween(400L, 600L);
  }
}
