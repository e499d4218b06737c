package dev.sluice.server.budget;

import dev.sluice.core.budget.BudgetPeriod;
import java.time.Instant;

/**
 * A budget's settled spend crossed a threshold (50, 80 or 100 % of its limit) in the current window. Soft: it
 * refuses nothing; the webhook and the WARN log carry it to people.
 *
 * @param scope the concrete scope that crossed it, {@code type:id} ({@code key:key_3f..} for a {@code key:*}
 *     budget)
 */
public record BudgetAlert(String budgetId, String scope, BudgetPeriod period, int threshold, long settledNanos,
    long limitNanos, Instant windowStart) {}
