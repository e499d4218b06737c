package dev.sluice.core.price;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class MoneyTest {

  @Test
  void usdIsAPlainDecimalWithExactlyNineFractionDigits() {
    assertThat(Money.usd(0)).isEqualTo("0.000000000");
    assertThat(Money.usd(1)).isEqualTo("0.000000001");
    assertThat(Money.usd(1_950)).isEqualTo("0.000001950");
    assertThat(Money.usd(22_500_000)).isEqualTo("0.022500000");
    assertThat(Money.usd(50 * Money.NANOS_PER_USD)).isEqualTo("50.000000000");
    assertThat(Money.usd(-1)).isEqualTo("-0.000000001");
    assertThat(Money.usd(Long.MAX_VALUE)).isEqualTo("9223372036.854775807");
    assertThat(Money.usd(Long.MIN_VALUE)).isEqualTo("-9223372036.854775808");
  }

  @Test
  void parseUsdReadsTheWaysPeopleWriteDollars() {
    assertThat(Money.parseUsd("50")).isEqualTo(50_000_000_000L);
    assertThat(Money.parseUsd("50usd")).isEqualTo(50_000_000_000L);
    assertThat(Money.parseUsd("50USD")).isEqualTo(50_000_000_000L);
    assertThat(Money.parseUsd("$50")).isEqualTo(50_000_000_000L);
    assertThat(Money.parseUsd("0.25")).isEqualTo(250_000_000L);
    assertThat(Money.parseUsd("12.5 USD")).isEqualTo(12_500_000_000L);
    assertThat(Money.parseUsd("  $ 3 usd ")).isEqualTo(3_000_000_000L);
    assertThat(Money.parseUsd(".5")).isEqualTo(500_000_000L);
    assertThat(Money.parseUsd("0")).isZero();
    assertThat(Money.parseUsd("0.000000001")).isEqualTo(1);
    assertThat(Money.parseUsd("1.0000000000")).as("trailing zeros past nine places change nothing")
        .isEqualTo(1_000_000_000L);
    assertThat(Money.parseUsd("9223372036.854775807")).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void parseUsdRefusesWhatItCannotKeepExactly() {
    assertThatThrownBy(() -> Money.parseUsd("0.0000000001")).hasMessageContaining("more than 9 decimal places");
    assertThatThrownBy(() -> Money.parseUsd("-5")).hasMessageContaining("is negative");
    assertThatThrownBy(() -> Money.parseUsd("$-5")).hasMessageContaining("is negative");
    assertThatThrownBy(() -> Money.parseUsd("-$5")).hasMessageContaining("is negative");
    assertThatThrownBy(() -> Money.parseUsd("9223372036.854775808")).hasMessageContaining("too large");
    assertThatThrownBy(() -> Money.parseUsd("1e3")).hasMessageContaining("not an amount");
    assertThatThrownBy(() -> Money.parseUsd("1,000")).hasMessageContaining("not an amount");
    assertThatThrownBy(() -> Money.parseUsd("5 eur")).hasMessageContaining("not an amount");
    assertThatThrownBy(() -> Money.parseUsd("")).hasMessageContaining("required");
    assertThatThrownBy(() -> Money.parseUsd(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Property
  void parseUsdReadsBackWhatUsdWrites(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long nanos) {
    assertThat(Money.parseUsd(Money.usd(nanos))).isEqualTo(nanos);
  }

  @Test
  void nanosForTokensRoundsUpPerTerm() {
    // $2.50 per million tokens = 2_500_000 micros/MTok = 2.5 nanos per token
    assertThat(Money.nanosForTokens(4_000, 2_500_000)).isEqualTo(10_000_000);
    assertThat(Money.nanosForTokens(1, 2_500_000)).isEqualTo(2_500);
    assertThat(Money.nanosForTokens(1, 1)).as("a thousandth of a nano rounds up").isEqualTo(1);
    assertThat(Money.nanosForTokens(1_000, 1)).isEqualTo(1);
    assertThat(Money.nanosForTokens(1_001, 1)).isEqualTo(2);
    assertThat(Money.nanosForTokens(0, 75_000_000)).isZero();
    assertThat(Money.nanosForTokens(123, 0)).isZero();
  }

  @Test
  void nanosForTokensIsExactPastSixtyThreeBitsAndSaturatesBeyondALong() {
    // 10^16 tokens at $1000/M: the result 10^22 nanos does not fit a long, so it saturates
    assertThat(Money.nanosForTokens(10_000_000_000_000_000L, 1_000_000_000)).isEqualTo(Long.MAX_VALUE);
    // 10^16 tokens at 900 micros/MTok: product 9·10^18 still fits; result 9·10^15
    assertThat(Money.nanosForTokens(10_000_000_000_000_000L, 900)).isEqualTo(9_000_000_000_000_000L);
    // product 1.1·10^19 > Long.MAX_VALUE but the result 1.1·10^16 fits: computed exactly by splitting
    assertThat(Money.nanosForTokens(11_000_000_000_000_001L, 1_000)).isEqualTo(11_000_000_000_000_001L);
    assertThat(Money.nanosForTokens(Long.MAX_VALUE, 1)).isEqualTo(Long.MAX_VALUE / 1_000 + 1);
    assertThatThrownBy(() -> Money.nanosForTokens(-1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Money.nanosForTokens(1, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nanosForItemsConvertsMicrosAndSaturates() {
    assertThat(Money.nanosForItems(3, 40_000)).isEqualTo(120_000_000); // 3 images at $0.04
    assertThat(Money.nanosForItems(Long.MAX_VALUE, 2)).isEqualTo(Long.MAX_VALUE);
    assertThat(Money.saturatedAdd(Long.MAX_VALUE, 1)).isEqualTo(Long.MAX_VALUE);
  }
}
