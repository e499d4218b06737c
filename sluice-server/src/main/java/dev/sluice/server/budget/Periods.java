package dev.sluice.server.budget;

import dev.sluice.core.budget.BudgetPeriod;
import java.util.Arrays;

/** Budget periods as written on the wire, in the store and on the command line: {@code daily} ... {@code total}. */
public final class Periods {
  private Periods() {}

  public static String wireName(BudgetPeriod period) {
    return period.configName();
  }

  /**
   * @throws IllegalArgumentException naming the allowed periods when {@code text} is none of them
   */
  public static BudgetPeriod parse(String text) {
    BudgetPeriod period = BudgetPeriod.parse(text);
    if (period != null) {
      return period;
    }
    throw new IllegalArgumentException("Unknown period '" + text + "': use one of "
        + String.join(", ", Arrays.stream(BudgetPeriod.values()).map(Periods::wireName).toList()) + ".");
  }
}
