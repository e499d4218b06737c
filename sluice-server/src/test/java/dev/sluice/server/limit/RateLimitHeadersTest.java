package dev.sluice.server.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {

  @Test
  void resetIsWrittenAsGoDurationsTheWayOpenAiSendsThem() {
    assertThat(RateLimitHeaders.duration(0)).isEqualTo("0s");
    assertThat(RateLimitHeaders.duration(-5)).isEqualTo("0s");
    assertThat(RateLimitHeaders.duration(TimeUnit.MILLISECONDS.toNanos(120))).isEqualTo("120ms");
    assertThat(RateLimitHeaders.duration(TimeUnit.SECONDS.toNanos(1))).isEqualTo("1s");
    assertThat(RateLimitHeaders.duration(TimeUnit.MILLISECONDS.toNanos(1500))).isEqualTo("1.5s");
    assertThat(RateLimitHeaders.duration(TimeUnit.MILLISECONDS.toNanos(8640))).isEqualTo("8.64s");
    assertThat(RateLimitHeaders.duration(TimeUnit.MINUTES.toNanos(6))).isEqualTo("6m0s");
    assertThat(RateLimitHeaders.duration(TimeUnit.SECONDS.toNanos(61))).isEqualTo("1m1s");
    assertThat(RateLimitHeaders.duration(TimeUnit.HOURS.toNanos(1))).isEqualTo("1h0m0s");
    assertThat(RateLimitHeaders.duration(TimeUnit.SECONDS.toNanos(3725))).isEqualTo("1h2m5s");
  }

  @Test
  void resetRoundsUpToTheMillisecondNeverPromisingCapacityEarly() {
    assertThat(RateLimitHeaders.duration(1)).isEqualTo("1ms");
    assertThat(RateLimitHeaders.duration(TimeUnit.MILLISECONDS.toNanos(999) + 1)).isEqualTo("1s");
    assertThat(RateLimitHeaders.duration(TimeUnit.SECONDS.toNanos(1) + 1)).isEqualTo("1.001s");
  }

  @Test
  void headersAppearOnlyForTheKindsThatApply() {
    assertThat(RateLimitHeaders.of(null, null)).isEmpty();
    assertThat(RateLimitHeaders.of(new RateLimitHeaders.Values(60, 59, TimeUnit.SECONDS.toNanos(1)), null))
        .containsExactly(
            java.util.Map.entry("x-ratelimit-limit-requests", "60"),
            java.util.Map.entry("x-ratelimit-remaining-requests", "59"),
            java.util.Map.entry("x-ratelimit-reset-requests", "1s"));
    assertThat(RateLimitHeaders.of(null, new RateLimitHeaders.Values(1000, 0, TimeUnit.SECONDS.toNanos(360))))
        .containsOnlyKeys("x-ratelimit-limit-tokens", "x-ratelimit-remaining-tokens", "x-ratelimit-reset-tokens")
        .containsEntry("x-ratelimit-reset-tokens", "6m0s");
  }
}
