package dev.sluice.core.price;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PriceTest {

  @Test
  void twoArgumentPriceHasNoDiscountsAndNoFees() {
    Price p = new Price(3_000_000, 15_000_000);
    assertThat(p).isEqualTo(new Price(3_000_000, 15_000_000, null, null, null, 0, 0));
    assertThat(p.cachedInputRate()).isEqualTo(3_000_000);
    assertThat(p.cacheWriteRate()).isEqualTo(3_000_000);
    assertThat(p.reasoningRate()).isEqualTo(15_000_000);
  }

  @Test
  void explicitRatesWin() {
    Price p = new Price(3_000_000, 15_000_000, 300_000L, 3_750_000L, 20_000_000L, 0, 0);
    assertThat(p.cachedInputRate()).isEqualTo(300_000);
    assertThat(p.cacheWriteRate()).isEqualTo(3_750_000);
    assertThat(p.reasoningRate()).isEqualTo(20_000_000);
  }

  @Test
  void routerCostIsMicroDollarsRoundedUpAndThrowsOnOverflow() {
    Price p = new Price(2_500_000, 10_000_000);
    assertThat(p.costMicros(1_000, 500)).isEqualTo(2_500 + 5_000);
    assertThat(p.costMicros(1, 1)).isEqualTo(3 + 10);
    assertThatThrownBy(() -> p.costMicros(Long.MAX_VALUE, 1)).isInstanceOf(ArithmeticException.class);
  }

  @Test
  void negativeRatesAreRefused() {
    assertThatThrownBy(() -> new Price(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Price(0, 0, -1L, null, null, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Price(0, 0, null, null, null, -1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
