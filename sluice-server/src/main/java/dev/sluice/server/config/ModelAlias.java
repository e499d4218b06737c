package dev.sluice.server.config;

import dev.sluice.core.price.Price;
import dev.sluice.core.route.Capabilities;
import dev.sluice.core.route.Strategy;
import java.util.List;
import java.util.Objects;

/**
 * A virtual model: a name callers use that stands for one or more deployments.
 *
 * @param name the alias, e.g. "smart"; must not contain '/'
 * @param strategy how deployments are ordered per request (default weighted)
 * @param deployments where requests for the alias go
 * @param fallbacks model names (aliases or provider/model) tried after every deployment failed
 * @param midStreamContinuation continue a stream that broke after bytes went out on the next deployment
 */
public record ModelAlias(
    String name,
    Strategy strategy,
    List<Deployment> deployments,
    List<String> fallbacks,
    boolean midStreamContinuation) {

  public ModelAlias {
    Objects.requireNonNull(strategy, "strategy");
    deployments = List.copyOf(deployments);
    fallbacks = List.copyOf(fallbacks);
  }

  /** A weighted alias without fallbacks. */
  public ModelAlias(String name, List<Deployment> deployments) {
    this(name, Strategy.WEIGHTED, deployments, List.of(), false);
  }

  /**
   * @param model a {@code provider/model} name whose provider is configured
   * @param weight relative share of traffic, at least 1
   * @param priority lower first under the priority strategy (default 0)
   * @param region free-form region tag, or null
   * @param capabilities what this deployment accepts (default all)
   * @param zeroRetention the provider keeps no prompt data (for data_collection: deny)
   * @param price list price override, or null to take the bundled catalog's
   * @param contextLength context window override, or null to take the catalog's
   * @param maxConcurrent in-flight cap for this deployment, or null
   */
  public record Deployment(
      String model,
      int weight,
      int priority,
      String region,
      Capabilities capabilities,
      boolean zeroRetention,
      Price price,
      Integer contextLength,
      Integer maxConcurrent) {

    public Deployment {
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(capabilities, "capabilities");
    }

    public Deployment(String model, int weight) {
      this(model, weight, 0, null, Capabilities.ALL, false, null, null, null);
    }
  }
}
