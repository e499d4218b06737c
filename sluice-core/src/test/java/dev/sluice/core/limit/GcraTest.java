package dev.sluice.core.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GcraTest {
  private static final long MINUTE = 60_000_000_000L;
  private static final long NOW = 1_000 * MINUTE; // any clock origin at or after 0

  @Test
  void freshBucketAllowsTheWholeLimitAtOnceThenRefuses() {
    long tat = 0;
    for (int i = 1; i <= 60; i++) {
      Gcra.Result r = Gcra.check(tat, NOW, 1, 60, MINUTE);
      assertThat(r.allowed()).as("request %d", i).isTrue();
      assertThat(r.remaining()).isEqualTo(60 - i);
      assertThat(r.resetAfterNanos()).isEqualTo(i * 1_000_000_000L); // one second per unit to refill
      tat = r.newTatNanos();
    }
    Gcra.Result refused = Gcra.check(tat, NOW, 1, 60, MINUTE);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.newTatNanos()).as("refusal leaves the TAT alone").isEqualTo(tat);
    assertThat(refused.retryAfterNanos()).isEqualTo(1_000_000_000L);
    assertThat(refused.remaining()).isZero();
    assertThat(refused.resetAfterNanos()).isEqualTo(MINUTE);
  }

  @Test
  void refillsOneUnitPerEmissionInterval() {
    Gcra.Result full = Gcra.check(0, NOW, 60, 60, MINUTE);
    assertThat(full.allowed()).isTrue();
    assertThat(full.remaining()).isZero();
    long oneSecond = 1_000_000_000L;
    assertThat(Gcra.check(full.newTatNanos(), NOW + oneSecond - 1, 1, 60, MINUTE).allowed()).isFalse();
    Gcra.Result next = Gcra.check(full.newTatNanos(), NOW + oneSecond, 1, 60, MINUTE);
    assertThat(next.allowed()).isTrue();
    assertThat(next.remaining()).isZero();
  }

  /**
   * GCRA is a token bucket, not a sliding-window log: after a full burst, the unit that refills one
   * interval later is admitted, so a window of one period can see more than {@code limit} units.
   */
  @Test
  void aBurstThenTheRefillExceedsLimitWithinOnePeriod() {
    long tat = Gcra.check(0, NOW, 10, 10, MINUTE).newTatNanos();
    Gcra.Result refill = Gcra.check(tat, NOW + MINUTE / 10, 1, 10, MINUTE);
    assertThat(refill.allowed()).as("11 units within 6 s of a 10-per-minute limit").isTrue();
  }

  @Test
  void tokenCostsSpendSeveralUnits() {
    Gcra.Result r = Gcra.check(0, NOW, 30_000, 100_000, MINUTE);
    assertThat(r.allowed()).isTrue();
    assertThat(r.remaining()).isEqualTo(70_000);
    Gcra.Result refused = Gcra.check(r.newTatNanos(), NOW, 80_000, 100_000, MINUTE);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.remaining()).as("what still fits now").isEqualTo(70_000);
    // 10,000 units short at 600 µs per unit
    assertThat(refused.retryAfterNanos()).isEqualTo(10_000 * 600_000L);
  }

  @Test
  void aCostAboveTheLimitNeverFits() {
    Gcra.Result r = Gcra.check(0, NOW, 101, 100, MINUTE);
    assertThat(r.allowed()).isFalse();
    assertThat(r.retryAfterNanos()).isEqualTo(MINUTE);
    assertThat(r.newTatNanos()).isZero();
    assertThat(r.remaining()).isEqualTo(100);
  }

  @Test
  void zeroCostPeeks() {
    long tat = Gcra.check(0, NOW, 7, 10, MINUTE).newTatNanos();
    Gcra.Result peek = Gcra.check(tat, NOW, 0, 10, MINUTE);
    assertThat(peek.allowed()).isTrue();
    assertThat(peek.newTatNanos()).isEqualTo(tat);
    assertThat(peek.remaining()).isEqualTo(3);
  }

  @Test
  void anUnevenPeriodStillAllowsExactlyTheLimitAtOnce() {
    // 60 s / 7 is not a whole number of nanoseconds: T rounds up, the tolerance is 7·T
    long tat = 0;
    for (int i = 0; i < 7; i++) {
      Gcra.Result r = Gcra.check(tat, NOW, 1, 7, MINUTE);
      assertThat(r.allowed()).isTrue();
      tat = r.newTatNanos();
    }
    assertThat(Gcra.check(tat, NOW, 1, 7, MINUTE).allowed()).isFalse();
    assertThat(Gcra.emissionInterval(7, MINUTE)).isEqualTo(8_571_428_572L);
    assertThat(Gcra.emissionInterval(10, 3)).as("at most one unit per nanosecond").isEqualTo(1);
  }

  @Test
  void refundMovesTheTatBackButNeverBelowZero() {
    long tat = Gcra.check(0, NOW, 50, 100, MINUTE).newTatNanos();
    long refunded = Gcra.refund(tat, 20, 100, MINUTE);
    assertThat(refunded).isEqualTo(tat - 20 * Gcra.increment(1, 100, MINUTE));
    assertThat(Gcra.check(refunded, NOW, 0, 100, MINUTE).remaining()).isEqualTo(70);
    assertThat(Gcra.refund(tat, Long.MAX_VALUE, 100, MINUTE)).isZero();
    // refunding past "now" gives nothing extra: check starts from max(tat, now)
    long past = Gcra.refund(tat, 100, 100, MINUTE);
    assertThat(Gcra.check(past, NOW, 0, 100, MINUTE).remaining()).isEqualTo(100);
  }

  @Test
  void extremesSaturateInsteadOfOverflowing() {
    Gcra.Result r = Gcra.check(Long.MAX_VALUE - 5, Long.MAX_VALUE - 10, 1, 10, Long.MAX_VALUE);
    assertThat(r.retryAfterNanos()).isNotNegative();
    assertThat(r.resetAfterNanos()).isNotNegative();
    Gcra.Result big = Gcra.check(0, Long.MAX_VALUE - 1, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);
    assertThat(big.allowed()).isTrue();
    assertThat(big.newTatNanos()).isEqualTo(Long.MAX_VALUE);
    assertThat(Gcra.increment(Long.MAX_VALUE, 1, MINUTE)).isEqualTo(Long.MAX_VALUE);
    // T = ceil(MAX / 3) and 3·T > Long.MAX_VALUE: the whole limit still fits at once, nothing wraps
    Gcra.Result wide = Gcra.check(0, 5, 3, 3, Long.MAX_VALUE);
    assertThat(wide.allowed()).isTrue();
    assertThat(wide.newTatNanos()).isEqualTo(Long.MAX_VALUE);
    assertThat(wide.remaining()).isZero();
  }

  @Test
  void badArgumentsAreRefused() {
    assertThatThrownBy(() -> Gcra.check(0, -1, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Gcra.check(-1, 0, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Gcra.check(0, 0, -1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Gcra.check(0, 0, 1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Gcra.check(0, 0, 1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Gcra.refund(0, -1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
