package dev.sluice.server.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations such as {@code 500ms}, {@code 15s}, {@code 2m}, {@code 1h}, or combined {@code 1m30s}; units
 * are case-insensitive and may follow a space ({@code 15 s}), as sizes may.
 * A bare number is refused: "15" could mean seconds or milliseconds, and guessing wrong is a silent bug.
 */
public final class Durations {

  static final String FORMAT = "write a whole number with a unit ms, s, m or h, e.g. 500ms, 15s, 2m";

  private static final Pattern PART = Pattern.compile("(\\d+)\\s*([A-Za-z]*)\\s*");

  private Durations() {}

  /** The duration; IllegalArgumentException with a user-facing message when malformed. */
  public static Duration parse(String text) {
    String s = text.strip();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("\"" + text + "\" is not a duration");
    }
    if (s.matches(".*\\d[.,]\\d.*")) {
      throw new IllegalArgumentException("\"" + text + "\" has a fraction; use a smaller unit, e.g. 1500ms for 1.5s");
    }
    Matcher m = PART.matcher(s);
    Duration total = Duration.ZERO;
    int at = 0;
    while (at < s.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new IllegalArgumentException("\"" + text + "\" is not a duration");
      }
      long n;
      try {
        n = Long.parseLong(m.group(1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("\"" + text + "\" is too large");
      }
      String unit = m.group(2);
      try {
        total = total.plus(switch (unit.toLowerCase(Locale.ROOT)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          case "" -> throw new IllegalArgumentException("\"" + text + "\" has no unit");
          default -> throw new IllegalArgumentException(
              "\"" + text + "\" has an unknown duration unit \"" + unit + "\"");
        });
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException("\"" + text + "\" is too large");
      }
      at = m.end();
    }
    return total;
  }

  /** Text that {@link #parse} reads back as {@code d} (to the millisecond), e.g. 1m30s or 200ms; for messages. */
  static String format(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    long[] sizes = {3_600_000, 60_000, 1_000, 1};
    String[] units = {"h", "m", "s", "ms"};
    for (int i = 0; i < sizes.length; i++) {
      if (ms >= sizes[i]) {
        out.append(ms / sizes[i]).append(units[i]);
        ms %= sizes[i];
      }
    }
    return out.toString();
  }
}
