package dev.sluice.server.proxy;

import dev.sluice.core.model.Usage;
import dev.sluice.core.model.UsageSource;
import dev.sluice.core.price.Cost;
import dev.sluice.core.price.CostCalculator;
import dev.sluice.core.route.DeploymentSpec;
import java.util.function.LongSupplier;

/**
 * Cost and usage of one attempt: the provider's reported usage when there is one, otherwise an estimate
 * flagged {@link UsageSource#ESTIMATED}: the prompt counted with jtokkit for OpenAI-family models (a
 * documented bytes/4 approximation for others, see {@code TokenEstimator}), computed only when needed; the
 * output as one token per streamed content event (how OpenAI-protocol providers stream) or counted from
 * a non-streamed answer's text.
 */
final class Costing {
  private final LongSupplier promptEstimate;
  private long prompt = -1;

  /** @param promptEstimate the prompt's token count, computed at most once and only when a usage is missing */
  Costing(LongSupplier promptEstimate) {
    this.promptEstimate = promptEstimate;
  }

  /** The usage to account: reported, or estimated from what streamed ({@code outputTokens} when known). */
  Usage usage(Usage reported, long outputTokens) {
    if (reported != null && reported.isKnown()) {
      return reported;
    }
    if (prompt < 0) {
      prompt = promptEstimate.getAsLong();
    }
    return new Usage(prompt, 0, 0, Math.max(0, outputTokens), 0, UsageSource.ESTIMATED);
  }

  Cost cost(DeploymentSpec deployment, Usage usage) {
    if (usage.source() == UsageSource.MISSING) {
      return deployment.price() == null ? Cost.UNPRICED : new Cost(0, true);
    }
    return CostCalculator.of(deployment.price(), usage, 0);
  }
}
