package dev.sluice.server.config;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses sizes such as {@code 8MiB}, {@code 512KiB}, {@code 1MB} or a bare byte count {@code 1048576}.
 * Units are case-insensitive; KB/MB/GB are decimal and KiB/MiB/GiB binary, as their names say.
 */
final class ByteSizes {

  static final String FORMAT = "write a whole number of bytes, optionally with a unit B, KB, MB, GB, KiB, "
      + "MiB or GiB, e.g. 8MiB";

  private static final Pattern SHAPE = Pattern.compile("(\\d+)\\s*([A-Za-z]*)");
  private static final Map<String, Long> UNITS = Map.of(
      "", 1L, "b", 1L,
      "kb", 1_000L, "mb", 1_000_000L, "gb", 1_000_000_000L,
      "kib", 1L << 10, "mib", 1L << 20, "gib", 1L << 30);

  private ByteSizes() {}

  /** The size in bytes; IllegalArgumentException with a user-facing message when malformed. */
  static long parse(String text) {
    if (text.matches(".*\\d[.,]\\d.*")) {
      throw new IllegalArgumentException("\"" + text + "\" has a fraction; use a smaller unit, e.g. 1536KiB for 1.5MiB");
    }
    Matcher m = SHAPE.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("\"" + text + "\" is not a size");
    }
    Long unit = UNITS.get(m.group(2).toLowerCase(Locale.ROOT));
    if (unit == null) {
      throw new IllegalArgumentException("\"" + text + "\" has an unknown size unit \"" + m.group(2) + "\"");
    }
    try {
      return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("\"" + text + "\" is too large");
    }
  }
}
