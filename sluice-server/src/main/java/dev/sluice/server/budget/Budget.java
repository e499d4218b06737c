package dev.sluice.server.budget;

import dev.sluice.core.budget.BudgetPeriod;
import java.time.Instant;
import java.util.Objects;

/**
 * A spending cap on a scope for a period (windows in UTC), in nano-dollars.
 *
 * @param refuseUnpriced refuse requests to models with no known price (their cost would go uncounted)
 */
public record Budget(String id, BudgetScope scope, BudgetPeriod period, long limitNanos, boolean refuseUnpriced,
    Instant createdAt) {
  public Budget {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(createdAt, "createdAt");
    if (limitNanos < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limitNanos);
    }
  }
}
