package dev.sluice.server.proxy;

import dev.sluice.core.model.Usage;
import dev.sluice.core.model.UsageSource;
import dev.sluice.core.price.Cost;
import dev.sluice.core.price.CostCalculator;
import dev.sluice.core.route.DeploymentSpec;

/**
 * Cost and usage of one attempt: the provider's reported usage when there is one, otherwise an estimate
 * flagged {@link UsageSource#ESTIMATED} (the request's prompt estimate, and for streams one token per
 * content event, which is how OpenAI-protocol providers stream), priced at the deployment's price.
 */
final class Costing {
  private final long promptEstimate;

  Costing(long promptEstimate) {
    this.promptEstimate = promptEstimate;
  }

  /** The usage to account: reported, or estimated from what streamed. */
  Usage usage(Usage reported, long contentEvents) {
    if (reported != null && reported.isKnown()) {
      return reported;
    }
    return new Usage(promptEstimate, 0, 0, Math.max(0, contentEvents), 0, UsageSource.ESTIMATED);
  }

  Cost cost(DeploymentSpec deployment, Usage usage) {
    if (usage.source() == UsageSource.MISSING) {
      return deployment.price() == null ? Cost.UNPRICED : new Cost(0, true);
    }
    return CostCalculator.of(deployment.price(), usage, 0);
  }
}
