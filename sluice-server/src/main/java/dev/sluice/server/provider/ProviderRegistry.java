package dev.sluice.server.provider;

import dev.sluice.server.config.ProviderSettings;
import dev.sluice.server.config.SluiceConfig;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** The configured providers' endpoints by name. Immutable after construction. */
public final class ProviderRegistry {
  private final Map<String, ProviderEndpoint> endpoints;

  public ProviderRegistry(SluiceConfig config) {
    Map<String, ProviderEndpoint> byName = new LinkedHashMap<>();
    for (ProviderSettings p : config.providers()) {
      byName.put(p.name(), ProviderEndpoint.of(p));
    }
    this.endpoints = Map.copyOf(byName);
  }

  public ProviderEndpoint endpoint(String provider) {
    ProviderEndpoint endpoint = endpoints.get(provider);
    if (endpoint == null) {
      throw new IllegalStateException("no provider named " + provider + " (routes and providers disagree)");
    }
    return endpoint;
  }

  public Collection<ProviderEndpoint> all() {
    return endpoints.values();
  }
}
