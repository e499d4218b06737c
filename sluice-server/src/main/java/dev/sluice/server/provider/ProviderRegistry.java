package dev.sluice.server.provider;

import dev.sluice.core.canonical.ProviderCodec;
import dev.sluice.server.config.ProviderSettings;
import dev.sluice.server.config.SluiceConfig;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** The configured providers by name: endpoint and codec. Immutable after construction. */
public final class ProviderRegistry {
  /** One provider: where it is, how to translate for it, and what its streams look like. */
  public record Provider(ProviderEndpoint endpoint, ProviderCodec codec, String streamType) {
    /** True for the OpenAI protocol itself (not Azure): an OpenAI caller's body passes through. */
    public boolean speaksOpenAi() {
      return endpoint.protocol().equals("openai");
    }

    public boolean speaks(String protocol) {
      return endpoint.protocol().equals(protocol);
    }
  }

  private final Map<String, Provider> providers;

  public ProviderRegistry(SluiceConfig config) {
    Map<String, Provider> byName = new LinkedHashMap<>();
    for (ProviderSettings p : config.providers()) {
      ProviderEndpoint endpoint = ProviderEndpoint.of(p);
      byName.put(p.name(), new Provider(endpoint, ProviderCodecs.create(p, endpoint),
          ProviderCodecs.streamType(p.protocol())));
    }
    this.providers = Map.copyOf(byName);
  }

  public ProviderEndpoint endpoint(String provider) {
    return provider(provider).endpoint();
  }

  public Provider provider(String name) {
    Provider provider = providers.get(name);
    if (provider == null) {
      throw new IllegalStateException("no provider named " + name + " (routes and providers disagree)");
    }
    return provider;
  }

  public Collection<ProviderEndpoint> all() {
    return providers.values().stream().map(Provider::endpoint).toList();
  }
}
