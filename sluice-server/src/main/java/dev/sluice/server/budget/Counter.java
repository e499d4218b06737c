package dev.sluice.server.budget;

import dev.sluice.core.budget.BudgetPeriod;
import java.time.Instant;

/**
 * Settled and reserved spend of one cap for one scope id in the current window. Not thread-safe: guarded by
 * {@link BudgetService}'s lock.
 *
 * <p>When the window moves on, settled restarts at 0; reserved does not, because those requests are still
 * running and their cost will land now. The window only moves forward: a clock stepping back does not reset
 * a budget twice.
 */
final class Counter {
  final String capId;
  final String scopeId;
  final BudgetPeriod period;
  Instant windowStart;
  long settled;
  long reserved;
  /** Live reservations holding this counter (a zero worst case holds it without reserving anything). */
  int holders;

  Counter(String capId, String scopeId, BudgetPeriod period, Instant windowStart, long settled) {
    this.capId = capId;
    this.scopeId = scopeId;
    this.period = period;
    this.windowStart = windowStart;
    this.settled = settled;
  }

  void roll(Instant now) {
    Instant start = period.windowStart(now);
    if (start.isAfter(windowStart)) {
      windowStart = start;
      settled = 0;
    }
  }

  /** True when this counter's window is over and no live reservation holds it: it can be dropped. */
  boolean idleAndStale(Instant now) {
    return holders == 0 && period.windowStart(now).isAfter(windowStart);
  }
}
