package dev.sluice.server.budget;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Dollar amounts for people (error messages, logs, the CLI): {@code $49.90}, {@code $0.000195}, {@code -$1.25}.
 * Exact: trailing zeros beyond the cents are dropped, nothing is rounded. Machine-readable output uses
 * {@link dev.sluice.core.price.Money#usd}'s fixed nine decimals instead.
 */
public final class Usd {
  private Usd() {}

  public static String display(long nanos) {
    BigDecimal usd = BigDecimal.valueOf(nanos, 9).stripTrailingZeros();
    if (usd.scale() < 2) {
      usd = usd.setScale(2, RoundingMode.UNNECESSARY);
    }
    String text = usd.abs().toPlainString();
    return nanos < 0 ? "-$" + text : "$" + text;
  }
}
