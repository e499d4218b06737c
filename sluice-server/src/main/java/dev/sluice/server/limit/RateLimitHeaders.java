package dev.sluice.server.limit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * OpenAI's rate limit headers (platform.openai.com/docs/guides/rate-limits, "Rate limits in headers"):
 * {@code x-ratelimit-limit-requests}, {@code x-ratelimit-remaining-requests},
 * {@code x-ratelimit-reset-requests} and the {@code -tokens} variants. Reset is "the time until the rate
 * limit resets to its initial state", written as OpenAI writes it, which is Go's {@code Duration.String()}:
 * {@code 1s}, {@code 6m0s}, {@code 120ms}, {@code 1.5s}.
 */
final class RateLimitHeaders {
  private RateLimitHeaders() {}

  /** One kind's values for the tightest rule. */
  record Values(long limit, long remaining, long resetNanos) {}

  static Map<String, String> of(Values requests, Values tokens) {
    Map<String, String> headers = new LinkedHashMap<>();
    put(headers, "requests", requests);
    put(headers, "tokens", tokens);
    return headers.isEmpty() ? Map.of() : Collections.unmodifiableMap(headers);
  }

  private static void put(Map<String, String> headers, String suffix, Values values) {
    if (values == null) {
      return;
    }
    headers.put("x-ratelimit-limit-" + suffix, Long.toString(values.limit()));
    headers.put("x-ratelimit-remaining-" + suffix, Long.toString(Math.max(0, values.remaining())));
    headers.put("x-ratelimit-reset-" + suffix, duration(values.resetNanos()));
  }

  /**
   * Go's duration format at millisecond precision, rounded up (never promising capacity earlier than it
   * comes back): {@code 0s}, {@code 999ms}, {@code 1s}, {@code 1.001s}, {@code 6m0s}, {@code 1h0m0s}.
   */
  static String duration(long nanos) {
    long millis = nanos <= 0 ? 0 : Math.ceilDiv(nanos, 1_000_000L);
    if (millis == 0) {
      return "0s";
    }
    if (millis < 1000) {
      return millis + "ms";
    }
    StringBuilder out = new StringBuilder();
    long hours = millis / 3_600_000;
    long minutes = millis / 60_000 % 60;
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      out.append(minutes).append('m');
    }
    out.append(millis / 1000 % 60);
    long fraction = millis % 1000;
    if (fraction > 0) {
      String digits = String.format("%03d", fraction);
      out.append('.').append(digits.replaceFirst("0+$", ""));
    }
    return out.append('s').toString();
  }
}
