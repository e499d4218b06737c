package dev.sluice.core.route;

import java.util.Objects;

/**
 * Where one request can go: a configured provider and the model name that provider expects.
 *
 * @param weight relative share of an alias's traffic (at least 1)
 */
public record Deployment(String provider, String model, int weight) {

  public Deployment {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    if (weight < 1) {
      throw new IllegalArgumentException("weight must be at least 1, was " + weight);
    }
  }

  public String qualifiedName() {
    return provider + "/" + model;
  }
}
