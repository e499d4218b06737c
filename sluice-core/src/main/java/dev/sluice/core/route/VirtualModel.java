package dev.sluice.core.route;

import java.util.List;
import java.util.Objects;

/**
 * A model name callers use that stands for deployments: an alias from configuration, or the implicit
 * one-deployment model behind a plain {@code provider/model} name.
 *
 * @param fallbacks model names (aliases or {@code provider/model}) tried, in order, after every deployment
 *     of this model failed
 * @param midStreamContinuation when an upstream dies after bytes reached the client, continue on the next
 *     deployment with the partial answer as an assistant prefix (opt-in)
 */
public record VirtualModel(
    String name,
    Strategy strategy,
    List<DeploymentSpec> deployments,
    List<String> fallbacks,
    boolean midStreamContinuation) {

  public VirtualModel {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(strategy, "strategy");
    deployments = List.copyOf(deployments);
    fallbacks = List.copyOf(fallbacks);
    if (deployments.isEmpty()) {
      throw new IllegalArgumentException("virtual model " + name + " has no deployments");
    }
  }
}
