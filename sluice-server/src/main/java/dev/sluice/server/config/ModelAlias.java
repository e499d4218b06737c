package dev.sluice.server.config;

import java.util.List;

/**
 * A virtual model: a name callers use that stands for one or more deployments.
 *
 * @param name the alias, e.g. "smart"; must not contain '/'
 * @param deployments where requests for the alias go; picked by weight
 */
public record ModelAlias(String name, List<Deployment> deployments) {

  public ModelAlias {
    deployments = List.copyOf(deployments);
  }

  /**
   * @param model a {@code provider/model} name whose provider is configured
   * @param weight relative share of traffic, at least 1
   */
  public record Deployment(String model, int weight) {}
}
