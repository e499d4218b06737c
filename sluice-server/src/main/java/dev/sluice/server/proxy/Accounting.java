package dev.sluice.server.proxy;

import dev.sluice.core.model.Usage;
import dev.sluice.core.price.Cost;
import dev.sluice.core.route.DeploymentSpec;
import dev.sluice.server.admission.RequestScopes;

/**
 * The money side of one request: each attempt's usage and cost as it ends, the request's total (the one
 * authoritative number for the {@code x-sluice-cost} header, {@code usage.cost} and the ledger), and the
 * settlement callback that releases the budget reservation and the rate-limit permit exactly once.
 * Lives on the request's event loop; not thread-safe.
 */
final class Accounting {
  /** Called once when the request ends, with its total cost (nano-dollars) and tokens. */
  interface Settlement {
    void settle(long costNanos, boolean priced, long tokens);

    Settlement NONE = (costNanos, priced, tokens) -> { };
  }

  private final Costing costing;
  private final boolean usageInclude;
  private final RequestScopes scopes;
  private final Settlement settlement;
  private long totalNanos;
  private boolean priced = true;
  private long totalTokens;
  private boolean settled;

  /**
   * @param usageInclude the caller asked for {@code usage.cost} (OpenRouter's {@code usage: {include: true}})
   */
  Accounting(java.util.function.LongSupplier promptEstimate, boolean usageInclude, RequestScopes scopes,
      Settlement settlement) {
    this.costing = new Costing(promptEstimate);
    this.usageInclude = usageInclude;
    this.scopes = scopes;
    this.settlement = settlement;
  }

  /** The usage to record for an attempt: the reported one, or an estimate from what streamed. */
  Usage usage(Usage reported, long contentEvents) {
    return costing.usage(reported, contentEvents);
  }

  /** Prices an attempt's usage and adds it to the request's total. */
  Cost add(DeploymentSpec deployment, Usage usage) {
    Cost cost = costing.cost(deployment, usage);
    if (usage.isKnown()) {
      totalTokens += usage.totalTokens();
      if (!cost.priced()) {
        priced = false;
      }
      totalNanos += cost.nanos();
    }
    return cost;
  }

  /** What an attempt's usage would cost, without adding it (for {@code usage.cost} in a stream's last chunk). */
  Cost preview(DeploymentSpec deployment, Usage usage) {
    return costing.cost(deployment, usage);
  }

  boolean usageInclude() {
    return usageInclude;
  }

  /** Who the request is for (key, user, team, org, tags), for the attempt records. */
  RequestScopes scopes() {
    return scopes;
  }

  long totalNanos() {
    return totalNanos;
  }

  boolean priced() {
    return priced;
  }

  void settle() {
    if (!settled) {
      settled = true;
      settlement.settle(totalNanos, priced, totalTokens);
    }
  }
}
