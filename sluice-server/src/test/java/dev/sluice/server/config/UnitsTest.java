package dev.sluice.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** ByteSizes, Durations and Prices: the unit-bearing value formats. */
class UnitsTest {

  @Test
  void sizes() {
    assertThat(ByteSizes.parse("8MiB")).isEqualTo(8L * 1024 * 1024);
    assertThat(ByteSizes.parse("512KiB")).isEqualTo(512L * 1024);
    assertThat(ByteSizes.parse("1MB")).isEqualTo(1_000_000L);
    assertThat(ByteSizes.parse("1048576")).isEqualTo(1_048_576L);
    assertThat(ByteSizes.parse("2GiB")).isEqualTo(2L << 30);
    assertThat(ByteSizes.parse("10 kb")).isEqualTo(10_000L);
    assertThat(ByteSizes.parse("100B")).isEqualTo(100L);
  }

  @Test
  void badSizesNameTheProblem() {
    assertThatThrownBy(() -> ByteSizes.parse("8MiBs")).hasMessageContaining("unknown size unit \"MiBs\"");
    assertThatThrownBy(() -> ByteSizes.parse("8M")).hasMessageContaining("unknown size unit \"M\"");
    assertThatThrownBy(() -> ByteSizes.parse("1.5MiB")).hasMessageContaining("has a fraction");
    assertThatThrownBy(() -> ByteSizes.parse("-1")).hasMessageContaining("is not a size");
    assertThatThrownBy(() -> ByteSizes.parse("MiB")).hasMessageContaining("is not a size");
    assertThatThrownBy(() -> ByteSizes.parse("99999999999999GiB")).hasMessageContaining("too large");
  }

  @Test
  void durations() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("15s")).isEqualTo(Duration.ofSeconds(15));
    assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("15 S")).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void badDurationsNameTheProblem() {
    assertThatThrownBy(() -> Durations.parse("15")).hasMessageContaining("has no unit");
    assertThatThrownBy(() -> Durations.parse("1d")).hasMessageContaining("unknown duration unit \"d\"");
    assertThatThrownBy(() -> Durations.parse("s15")).hasMessageContaining("not a duration");
    assertThatThrownBy(() -> Durations.parse("1.5s")).hasMessageContaining("has a fraction");
    assertThatThrownBy(() -> Durations.parse("-5s")).hasMessageContaining("not a duration");
    assertThatThrownBy(() -> Durations.parse("")).hasMessageContaining("not a duration");
  }

  @Test
  void durationsFormatBackToWhatParseReads() {
    for (String text : new String[] {"200ms", "10s", "1m30s", "2h", "1h1m1s1ms"}) {
      assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
    }
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
  }

  @Test
  void pricesAreMicroDollarsPerMillionTokens() {
    assertThat(Prices.parse("0.15")).isEqualTo(150_000L);
    assertThat(Prices.parse("3.00")).isEqualTo(3_000_000L);
    assertThat(Prices.parse("15")).isEqualTo(15_000_000L);
    assertThat(Prices.parse(".5")).isEqualTo(500_000L);
    assertThat(Prices.parse(" 0.000001 ")).isEqualTo(1L);
    assertThat(Prices.parse("0")).isZero();
    assertThat(Prices.parse("0.1500000")).as("trailing zeros are exact").isEqualTo(150_000L);
    assertThat(Prices.parse("100000")).isEqualTo(100_000_000_000L);
    assertThat(Prices.micros(new BigDecimal("1234.567891"), "x")).isEqualTo(1_234_567_891L);
  }

  @Test
  void badPricesNameTheProblem() {
    assertThatThrownBy(() -> Prices.parse("abc")).hasMessage("\"abc\" is not a price");
    assertThatThrownBy(() -> Prices.parse("-1")).hasMessageContaining("is negative");
    assertThatThrownBy(() -> Prices.parse("0.0000001")).hasMessageContaining("more than 6 decimal places");
    assertThatThrownBy(() -> Prices.parse("100000.000001")).hasMessageContaining("too large");
    assertThatThrownBy(() -> Prices.parse("1e3")).hasMessageContaining("is not a price");
    assertThatThrownBy(() -> Prices.parse("$3")).hasMessageContaining("is not a price");
    assertThatThrownBy(() -> Prices.parse("3.")).hasMessageContaining("is not a price");
    assertThatThrownBy(() -> Prices.parse("")).hasMessageContaining("is not a price");
  }

  @Test
  void didYouMean() {
    var keys = ServerSection.KEYS;
    assertThat(Suggestions.closest("hots", keys)).isEqualTo("host");
    assertThat(Suggestions.closest("maxBody", keys)).isEqualTo("max_body");
    assertThat(Suggestions.closest("max-body", keys)).isEqualTo("max_body");
    assertThat(Suggestions.closest("adminkey", keys)).isEqualTo("admin_key");
    assertThat(Suggestions.closest("colour", keys)).isNull();
    assertThat(Suggestions.closest("prtoocol", ProviderSection.KEYS)).isEqualTo("protocol");
    assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
  }
}
