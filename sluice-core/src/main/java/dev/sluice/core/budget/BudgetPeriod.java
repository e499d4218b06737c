package dev.sluice.core.budget;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/**
 * How often a budget starts again. Windows are calendar ones in UTC (one zone for every deployment, so two
 * gateways agree on when a day ends): a day from 00:00Z, an ISO week from Monday 00:00Z, a calendar month
 * from the 1st at 00:00Z. {@link #TOTAL} never resets.
 */
public enum BudgetPeriod {
  DAILY,
  WEEKLY,
  MONTHLY,
  TOTAL;

  /** {@code "daily"}, {@code "Weekly"}, {@code " MONTHLY "}, {@code "total"}; null when unknown or null. */
  public static BudgetPeriod parse(String text) {
    if (text == null) {
      return null;
    }
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "daily" -> DAILY;
      case "weekly" -> WEEKLY;
      case "monthly" -> MONTHLY;
      case "total" -> TOTAL;
      default -> null;
    };
  }

  /** Where the window holding {@code now} began; {@link Instant#EPOCH} for {@link #TOTAL}. */
  public Instant windowStart(Instant now) {
    LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
    LocalDate start = switch (this) {
      case DAILY -> day;
      case WEEKLY -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case MONTHLY -> day.withDayOfMonth(1);
      case TOTAL -> null;
    };
    return start == null ? Instant.EPOCH : start.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** Where the window holding {@code now} ends, i.e. the next reset (exclusive); null for {@link #TOTAL}. */
  public Instant windowEnd(Instant now) {
    LocalDate start = LocalDate.ofInstant(windowStart(now), ZoneOffset.UTC);
    LocalDate end = switch (this) {
      case DAILY -> start.plusDays(1);
      case WEEKLY -> start.plusWeeks(1);
      case MONTHLY -> start.plusMonths(1);
      case TOTAL -> null;
    };
    return end == null ? null : end.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** The lower-case name that {@link #parse} reads: {@code "daily"}, ... */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
