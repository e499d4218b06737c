package dev.sluice.core.route;

import java.util.List;

/**
 * What a request asks of the router.
 *
 * @param models the requested model first, then the request's own fallbacks (OpenRouter's {@code models}
 *     array); each an alias or {@code provider/model}
 */
public record RouteRequest(List<String> models, ProviderPreferences preferences, RequestNeeds needs) {
  public RouteRequest {
    models = List.copyOf(models);
    if (models.isEmpty()) {
      throw new IllegalArgumentException("a route request names at least one model");
    }
  }

  public static RouteRequest of(String model) {
    return new RouteRequest(List.of(model), ProviderPreferences.NONE, RequestNeeds.NONE);
  }
}
