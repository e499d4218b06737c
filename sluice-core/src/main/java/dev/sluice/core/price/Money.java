package dev.sluice.core.price;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Money is a {@code long} of nano-dollars (1e-9 USD) end to end: costs, budgets, credits and the ledger. A
 * long holds about $9.2 billion, and a nano-dollar is fine enough that a single token of the cheapest listed
 * model (a few hundredths of a micro-dollar) rounds up by less than one nano-dollar. Never floating point.
 *
 * <p><b>Canonical text</b> ({@link #usd}): a plain decimal with exactly nine fraction digits, e.g.
 * {@code "0.000001950"}, {@code "50.000000000"}, {@code "-0.000000001"}. Fixed width keeps it exact, lossless
 * and the same in the {@code x-sluice-cost} header, the ledger and the admin API; {@link #parseUsd} reads it
 * back unchanged.
 */
public final class Money {
  /** Nano-dollars in one US dollar. */
  public static final long NANOS_PER_USD = 1_000_000_000L;
  /** Nano-dollars in one micro-dollar: prices are micro-dollars, money is nano-dollars. */
  public static final long NANOS_PER_MICRO = 1_000L;

  private static final int SCALE = 9;
  // "50", "50usd", "$50", "0.25", "12.5 USD", ".5", "$ 3 usd"; the sign is looked at separately
  private static final Pattern AMOUNT =
      Pattern.compile("\\$?\\s*(\\d+(?:\\.\\d+)?|\\.\\d+)\\s*(?:usd)?", Pattern.CASE_INSENSITIVE);

  private Money() {}

  /** Canonical text for nano-dollars: a plain decimal with exactly nine fraction digits. */
  public static String usd(long nanos) {
    return BigDecimal.valueOf(nanos, SCALE).toPlainString();
  }

  /**
   * Nano-dollars for a dollar amount typed by a person: {@code "50"}, {@code "50usd"}, {@code "$50"},
   * {@code "0.25"}, {@code "12.5 USD"}, or {@link #usd}'s own output. Exact: more than nine decimal places,
   * a negative amount, or one that does not fit in a long is refused, never rounded.
   *
   * @throws IllegalArgumentException with a message fit to show the user (the admin API puts it in a 400)
   */
  public static long parseUsd(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("an amount is required, e.g. \"50\" or \"0.25\" (US dollars)");
    }
    String s = text.strip();
    Matcher m = AMOUNT.matcher(s);
    if (!m.matches()) {
      boolean negative = s.indexOf('-') >= 0 && AMOUNT.matcher(s.replaceFirst("-", "").strip()).matches();
      throw new IllegalArgumentException(negative ? "\"" + s + "\" is negative; an amount is 0 or more"
          : "\"" + s + "\" is not an amount of US dollars; write e.g. \"50\", \"$50\", \"0.25\" or \"12.5 USD\"");
    }
    BigDecimal usd = new BigDecimal(m.group(1));
    if (usd.stripTrailingZeros().scale() > SCALE) {
      throw new IllegalArgumentException("\"" + s + "\" has more than " + SCALE
          + " decimal places; amounts are kept in whole nano-dollars");
    }
    try {
      return usd.movePointRight(SCALE).longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("\"" + s + "\" is too large; at most " + usd(Long.MAX_VALUE) + " dollars");
    }
  }

  /**
   * Nano-dollars for {@code tokens} at {@code microsPerMTok} micro-dollars per million tokens, rounded up:
   * {@code ceil(tokens * microsPerMTok / 1000)} (micro-dollars per million tokens are nano-dollars per
   * thousand tokens). Exact; saturates at {@link Long#MAX_VALUE} (about $9.2 billion, which every budget
   * refuses) instead of overflowing.
   *
   * @throws IllegalArgumentException if either argument is negative
   */
  public static long nanosForTokens(long tokens, long microsPerMTok) {
    if (tokens < 0 || microsPerMTok < 0) {
      throw new IllegalArgumentException("negative tokens or price: " + tokens + ", " + microsPerMTok);
    }
    long high = Math.multiplyHigh(tokens, microsPerMTok);
    long low = tokens * microsPerMTok;
    if (high == 0 && low >= 0) {
      return ceilDiv(low, 1_000);
    }
    // the product needs more than 63 bits: split tokens so each part fits, or give up at the ceiling
    try {
      long whole = Math.multiplyExact(tokens / 1_000, microsPerMTok);
      long part = ceilDiv(Math.multiplyExact(tokens % 1_000, microsPerMTok), 1_000);
      return Math.addExact(whole, part);
    } catch (ArithmeticException overflow) {
      return Long.MAX_VALUE;
    }
  }

  /** Nano-dollars for {@code count} items at {@code micros} micro-dollars each; saturates like the above. */
  public static long nanosForItems(long count, long micros) {
    if (count < 0 || micros < 0) {
      throw new IllegalArgumentException("negative count or price: " + count + ", " + micros);
    }
    return saturatedMultiply(saturatedMultiply(count, micros), NANOS_PER_MICRO);
  }

  static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : sum;
  }

  /** For non-negative arguments only. */
  static long saturatedMultiply(long a, long b) {
    return Math.multiplyHigh(a, b) != 0 || a * b < 0 ? Long.MAX_VALUE : a * b;
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
