package dev.sluice.core.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BudgetPeriodTest {

  private static Instant at(String iso) {
    return Instant.parse(iso);
  }

  @Test
  void parseIsCaseInsensitiveAndNullWhenUnknown() {
    assertThat(BudgetPeriod.parse("daily")).isEqualTo(BudgetPeriod.DAILY);
    assertThat(BudgetPeriod.parse("Weekly")).isEqualTo(BudgetPeriod.WEEKLY);
    assertThat(BudgetPeriod.parse(" MONTHLY ")).isEqualTo(BudgetPeriod.MONTHLY);
    assertThat(BudgetPeriod.parse("total")).isEqualTo(BudgetPeriod.TOTAL);
    assertThat(BudgetPeriod.parse("yearly")).isNull();
    assertThat(BudgetPeriod.parse("")).isNull();
    assertThat(BudgetPeriod.parse(null)).isNull();
    for (BudgetPeriod p : BudgetPeriod.values()) {
      assertThat(BudgetPeriod.parse(p.configName())).isEqualTo(p);
    }
  }

  @Test
  void dailyWindowsAreUtcDays() {
    Instant now = at("2026-11-25T23:59:59.999999999Z");
    assertThat(BudgetPeriod.DAILY.windowStart(now)).isEqualTo(at("2026-11-25T00:00:00Z"));
    assertThat(BudgetPeriod.DAILY.windowEnd(now)).isEqualTo(at("2026-11-26T00:00:00Z"));
    Instant midnight = at("2026-11-26T00:00:00Z");
    assertThat(BudgetPeriod.DAILY.windowStart(midnight)).as("the reset instant starts the new window").isEqualTo(midnight);
    assertThat(BudgetPeriod.DAILY.windowEnd(at("2026-12-31T12:00:00Z"))).isEqualTo(at("2027-01-01T00:00:00Z"));
  }

  @Test
  void weeklyWindowsStartOnMonday() {
    // 2026-11-25 is a Wednesday; its ISO week runs Monday 2026-11-23 to Monday 2026-11-30
    Instant wednesday = at("2026-11-25T10:00:00Z");
    assertThat(BudgetPeriod.WEEKLY.windowStart(wednesday)).isEqualTo(at("2026-11-23T00:00:00Z"));
    assertThat(BudgetPeriod.WEEKLY.windowEnd(wednesday)).isEqualTo(at("2026-11-30T00:00:00Z"));
    Instant monday = at("2026-11-23T00:00:00Z");
    assertThat(BudgetPeriod.WEEKLY.windowStart(monday)).isEqualTo(monday);
    Instant sundayNight = at("2026-11-29T23:59:59Z");
    assertThat(BudgetPeriod.WEEKLY.windowStart(sundayNight)).isEqualTo(monday);
    // a week across the year end: Thursday 2026-12-31 belongs to the week from Monday 2026-12-28
    assertThat(BudgetPeriod.WEEKLY.windowStart(at("2026-12-31T08:00:00Z"))).isEqualTo(at("2026-12-28T00:00:00Z"));
    assertThat(BudgetPeriod.WEEKLY.windowEnd(at("2026-12-31T08:00:00Z"))).isEqualTo(at("2027-01-04T00:00:00Z"));
  }

  @Test
  void monthlyWindowsAreCalendarMonths() {
    assertThat(BudgetPeriod.MONTHLY.windowStart(at("2026-11-25T10:00:00Z"))).isEqualTo(at("2026-11-01T00:00:00Z"));
    assertThat(BudgetPeriod.MONTHLY.windowEnd(at("2026-11-25T10:00:00Z"))).isEqualTo(at("2026-12-01T00:00:00Z"));
    // month ends of every length
    assertThat(BudgetPeriod.MONTHLY.windowEnd(at("2026-01-31T23:59:59Z"))).isEqualTo(at("2026-02-01T00:00:00Z"));
    assertThat(BudgetPeriod.MONTHLY.windowEnd(at("2026-04-30T23:59:59Z"))).isEqualTo(at("2026-05-01T00:00:00Z"));
    assertThat(BudgetPeriod.MONTHLY.windowEnd(at("2026-12-31T23:59:59Z"))).isEqualTo(at("2027-01-01T00:00:00Z"));
    assertThat(BudgetPeriod.MONTHLY.windowStart(at("2026-03-01T00:00:00Z"))).isEqualTo(at("2026-03-01T00:00:00Z"));
  }

  @Test
  void leapDay() {
    Instant leap = at("2028-02-29T12:00:00Z");
    assertThat(BudgetPeriod.DAILY.windowStart(leap)).isEqualTo(at("2028-02-29T00:00:00Z"));
    assertThat(BudgetPeriod.DAILY.windowEnd(leap)).isEqualTo(at("2028-03-01T00:00:00Z"));
    assertThat(BudgetPeriod.MONTHLY.windowStart(leap)).isEqualTo(at("2028-02-01T00:00:00Z"));
    assertThat(BudgetPeriod.MONTHLY.windowEnd(leap)).isEqualTo(at("2028-03-01T00:00:00Z"));
    assertThat(BudgetPeriod.WEEKLY.windowStart(leap)).as("Tuesday 29 Feb 2028").isEqualTo(at("2028-02-28T00:00:00Z"));
    assertThat(BudgetPeriod.MONTHLY.windowEnd(at("2027-02-28T12:00:00Z"))).as("no leap day in 2027")
        .isEqualTo(at("2027-03-01T00:00:00Z"));
  }

  @Test
  void totalNeverResets() {
    Instant now = at("2026-11-25T10:00:00Z");
    assertThat(BudgetPeriod.TOTAL.windowStart(now)).isEqualTo(Instant.EPOCH);
    assertThat(BudgetPeriod.TOTAL.windowEnd(now)).isNull();
  }
}
