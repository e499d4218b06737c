package dev.sluice.server.admission;

import java.time.Instant;

/**
 * Settled spend as the usage ledger knows it, for budgets to start from after a restart. Blocking: called
 * at startup and when a budget's window rolls over, never per request.
 */
public interface SpendSource {
  /** Total cost in nano-dollars of attempts in {@code [from, to)} for this scope. */
  long spendNanos(ScopeType type, String scopeId, Instant from, Instant to);
}
