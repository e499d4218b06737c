package dev.sluice.server.budget;

import dev.sluice.core.budget.BudgetPeriod;
import dev.sluice.server.admission.ScopeType;

/**
 * What {@link BudgetService} enforces, one shape for both: a {@link Budget}, or an org's prepaid credit line
 * (an all-time cap on the org whose limit is the sum of its grants).
 *
 * @param budget the budget, or null for a credit line
 */
record Cap(String id, BudgetScope scope, BudgetPeriod period, long limitNanos, boolean refuseUnpriced, Budget budget) {
  static final String CREDITS_PREFIX = "credits:";

  static Cap of(Budget b) {
    return new Cap(b.id(), b.scope(), b.period(), b.limitNanos(), b.refuseUnpriced(), b);
  }

  static Cap credits(String org, long grantedNanos) {
    return new Cap(CREDITS_PREFIX + org, new BudgetScope(ScopeType.ORG, org), BudgetPeriod.TOTAL, grantedNanos,
        /* refuseUnpriced= */ false, /* budget= */ null);
  }

  boolean isCredits() {
    return budget == null;
  }

  /** Same thing counted the same way (only the limit or the unpriced rule may differ). */
  boolean countsLike(Cap other) {
    return other != null && scope.equals(other.scope) && period == other.period && isCredits() == other.isCredits();
  }
}
