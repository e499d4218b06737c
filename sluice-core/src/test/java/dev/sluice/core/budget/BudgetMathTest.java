package dev.sluice.core.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class BudgetMathTest {

  @Test
  void fitsAtTheExactBoundaryAndNotOneNanoPast() {
    assertThat(BudgetMath.fits(60, 30, 10, 100)).isTrue();
    assertThat(BudgetMath.fits(60, 30, 11, 100)).isFalse();
    assertThat(BudgetMath.fits(0, 0, 0, 0)).isTrue();
    assertThat(BudgetMath.fits(0, 0, 1, 0)).isFalse();
    assertThat(BudgetMath.fits(101, 0, 0, 100)).as("already over").isFalse();
    assertThat(BudgetMath.fits(50, 60, 0, 100)).as("reservations alone over").isFalse();
  }

  @Test
  void fitsNeverOverflows() {
    assertThat(BudgetMath.fits(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE)).isFalse();
    assertThat(BudgetMath.fits(Long.MAX_VALUE - 1, 1, 0, Long.MAX_VALUE)).isTrue();
    assertThat(BudgetMath.fits(Long.MAX_VALUE - 1, 1, 1, Long.MAX_VALUE)).isFalse();
    assertThat(BudgetMath.fits(0, 0, Long.MAX_VALUE, Long.MAX_VALUE)).isTrue();
    assertThatThrownBy(() -> BudgetMath.fits(-1, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Property
  void fitsIsExactlyTheSum(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long settled,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long reserved,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long request,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long limit) {
    boolean exact = java.math.BigInteger.valueOf(settled).add(java.math.BigInteger.valueOf(reserved))
        .add(java.math.BigInteger.valueOf(request)).compareTo(java.math.BigInteger.valueOf(limit)) <= 0;
    assertThat(BudgetMath.fits(settled, reserved, request, limit)).isEqualTo(exact);
  }

  @Test
  void thresholdsCrossedGoingUp() {
    long limit = 100_000;
    assertThat(BudgetMath.crossedThresholds(0, 49_999, limit)).isEmpty();
    assertThat(BudgetMath.crossedThresholds(0, 50_000, limit)).containsExactly(50);
    assertThat(BudgetMath.crossedThresholds(49_999, 50_000, limit)).containsExactly(50);
    assertThat(BudgetMath.crossedThresholds(50_000, 79_999, limit)).as("50 already crossed").isEmpty();
    assertThat(BudgetMath.crossedThresholds(50_000, 80_000, limit)).containsExactly(80);
    assertThat(BudgetMath.crossedThresholds(10, 100_000, limit)).containsExactly(50, 80, 100);
    assertThat(BudgetMath.crossedThresholds(90_000, 250_000, limit)).containsExactly(100);
    assertThat(BudgetMath.crossedThresholds(100_000, 250_000, limit)).isEmpty();
    assertThat(BudgetMath.crossedThresholds(80_000, 50_000, limit)).as("spend going down crosses nothing").isEmpty();
    assertThat(BudgetMath.crossedThresholds(0, 10, 0)).isEmpty();
  }

  @Test
  void thresholdsRoundUpToAWholeNano() {
    // of a 3-nano limit, 50% is 1.5 (crossed at 2, not at 1) and 80% is 2.4 (crossed at 3)
    assertThat(BudgetMath.crossedThresholds(0, 1, 3)).isEmpty();
    assertThat(BudgetMath.crossedThresholds(1, 2, 3)).containsExactly(50);
    assertThat(BudgetMath.crossedThresholds(2, 3, 3)).containsExactly(80, 100);
    assertThat(BudgetMath.percentOf(Long.MAX_VALUE, 100)).isEqualTo(Long.MAX_VALUE);
    assertThat(BudgetMath.percentOf(Long.MAX_VALUE, 50)).isEqualTo(Long.MAX_VALUE / 2 + 1);
  }
}
