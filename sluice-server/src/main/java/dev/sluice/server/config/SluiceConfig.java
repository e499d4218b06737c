package dev.sluice.server.config;

import java.util.List;
import java.util.Objects;

/**
 * The whole gateway configuration, as bound from one YAML file after {@code ${ENV}} interpolation and
 * validated by {@link ConfigValidator}. Every list is non-null and immutable; defaults are filled by
 * {@link ConfigLoader}, never by callers.
 *
 * @param source where the configuration came from (a file path, or "built-in defaults"), for messages
 */
public record SluiceConfig(
    String source,
    ServerSettings server,
    StoreSettings store,
    List<ProviderSettings> providers,
    List<ModelAlias> models,
    RoutingSettings routing) {

  public SluiceConfig {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(store, "store");
    providers = List.copyOf(providers);
    models = List.copyOf(models);
    Objects.requireNonNull(routing, "routing");
  }

  /** The provider with this name, or null. */
  public ProviderSettings provider(String name) {
    for (ProviderSettings p : providers) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    return null;
  }
}
