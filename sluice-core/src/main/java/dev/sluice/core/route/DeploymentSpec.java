package dev.sluice.core.route;

import dev.sluice.core.price.Price;
import java.util.Objects;

/**
 * One place a request can go, with everything the planner weighs: a provider and the model name it
 * expects, plus routing attributes from configuration.
 *
 * @param id unique and stable across requests: health, circuit state and round-robin counters key on it;
 *     {@code provider/model} unless configuration names it otherwise
 * @param weight relative share under the weighted strategies, at least 1
 * @param priority lower is preferred under {@link Strategy#PRIORITY}; default 0
 * @param region a free-form region tag (e.g. "eu"), or null
 * @param zeroRetention true when the provider keeps no prompt data (for {@code data_collection: deny})
 * @param price list price, or null when unknown (never treated as free)
 * @param contextWindow tokens the model accepts (prompt + output), or null when unknown
 * @param maxConcurrent at most this many requests in flight here, or null for no limit
 */
public record DeploymentSpec(
    String id,
    String provider,
    String model,
    int weight,
    int priority,
    String region,
    Capabilities capabilities,
    boolean zeroRetention,
    Price price,
    Integer contextWindow,
    Integer maxConcurrent) {

  public DeploymentSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(capabilities, "capabilities");
    if (weight < 1) {
      throw new IllegalArgumentException("weight must be at least 1, was " + weight);
    }
  }

  /** A plain {@code provider/model} deployment with defaults (all capabilities, no limits). */
  public static DeploymentSpec of(String provider, String model, Price price, Integer contextWindow) {
    return new DeploymentSpec(provider + "/" + model, provider, model, 1, 0, null, Capabilities.ALL, false, price,
        contextWindow, null);
  }

  public String qualifiedName() {
    return provider + "/" + model;
  }
}
