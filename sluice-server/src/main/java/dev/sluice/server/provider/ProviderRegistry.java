package dev.sluice.server.provider;

import dev.sluice.core.route.Deployment;
import dev.sluice.core.route.ModelRoutes;
import dev.sluice.server.config.ModelAlias;
import dev.sluice.server.config.ProviderSettings;
import dev.sluice.server.config.SluiceConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The configured providers by name, and the model routes over them. Immutable after construction. */
public final class ProviderRegistry {
  private final Map<String, ProviderEndpoint> endpoints;
  private final ModelRoutes routes;

  public ProviderRegistry(SluiceConfig config) {
    Map<String, ProviderEndpoint> byName = new LinkedHashMap<>();
    for (ProviderSettings p : config.providers()) {
      byName.put(p.name(), ProviderEndpoint.of(p));
    }
    Map<String, List<Deployment>> aliases = new LinkedHashMap<>();
    for (ModelAlias alias : config.models()) {
      List<Deployment> deployments = new ArrayList<>();
      for (ModelAlias.Deployment d : alias.deployments()) {
        int slash = d.model().indexOf('/');
        deployments.add(new Deployment(d.model().substring(0, slash), d.model().substring(slash + 1), d.weight()));
      }
      aliases.put(alias.name(), deployments);
    }
    this.endpoints = Map.copyOf(byName);
    this.routes = new ModelRoutes(byName.keySet(), aliases);
  }

  public ProviderEndpoint endpoint(String provider) {
    ProviderEndpoint endpoint = endpoints.get(provider);
    if (endpoint == null) {
      throw new IllegalStateException("no provider named " + provider + " (routes and providers disagree)");
    }
    return endpoint;
  }

  public ModelRoutes routes() {
    return routes;
  }
}
