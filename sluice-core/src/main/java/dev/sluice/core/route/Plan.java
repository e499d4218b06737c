package dev.sluice.core.route;

import java.util.List;

/**
 * The ordered deployments one request may try, and why others were left out. Attempts run in order; each
 * deployment appears at most once.
 *
 * @param strategy how the first model's deployments were ordered (e.g. "weighted", "sort=price",
 *     "order=[groq, openai]")
 * @param midStreamContinuation whether the requested model opted into mid-stream continuation
 */
public record Plan(List<Attempt> attempts, List<Skip> skipped, String strategy, boolean midStreamContinuation) {

  public Plan {
    attempts = List.copyOf(attempts);
    skipped = List.copyOf(skipped);
  }

  /**
   * @param viaModel the requested or fallback model name this deployment serves (for the response's headers)
   */
  public record Attempt(DeploymentSpec deployment, String viaModel) {}

  /** A deployment left out of the plan, with a reason a person can read ("circuit open", "price above max_price"). */
  public record Skip(String deploymentId, String reason) {}

  /** One line for the {@code x-sluice-route} header: strategy, then each skip as {@code id=reason}. */
  public String explain() {
    StringBuilder out = new StringBuilder("strategy=").append(strategy);
    for (Skip s : skipped) {
      out.append("; skipped ").append(s.deploymentId()).append('=').append(s.reason());
    }
    return out.toString();
  }

  /** The same plan with mid-stream continuation off (for callers whose stream the continuation cannot read). */
  public Plan withoutContinuation() {
    return midStreamContinuation ? new Plan(attempts, skipped, strategy, false) : this;
  }
}
