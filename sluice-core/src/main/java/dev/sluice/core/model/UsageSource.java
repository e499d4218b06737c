package dev.sluice.core.model;

/**
 * Where a {@link Usage} came from. The ledger and budgets must know whether the numbers are the provider's
 * own count, our estimate, or nothing at all (a stream cut short, an upstream that sends no usage).
 */
public enum UsageSource {
  /** Counted by the provider and sent with the response. */
  REPORTED,
  /** Counted by Sluice (a tokenizer or a heuristic) because the provider did not report it. */
  ESTIMATED,
  /** Unknown: every count is zero only because nothing was reported. */
  MISSING
}
