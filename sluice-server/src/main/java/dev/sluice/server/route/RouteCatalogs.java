package dev.sluice.server.route;

import dev.sluice.core.catalog.ModelCatalog;
import dev.sluice.core.catalog.ModelInfo;
import dev.sluice.core.price.Price;
import dev.sluice.core.route.DeploymentSpec;
import dev.sluice.core.route.RouteCatalog;
import dev.sluice.core.route.VirtualModel;
import dev.sluice.server.config.ModelAlias;
import dev.sluice.server.config.ModelEntry;
import dev.sluice.server.config.ProviderSettings;
import dev.sluice.server.config.SluiceConfig;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the router's catalog from configuration: aliases become virtual models whose deployments carry
 * prices and context windows (configured overrides first, then the provider's listed model, then the
 * bundled catalog); any {@code provider/model} name becomes a one-deployment model on demand.
 *
 * <p>A deployment's id is its {@code provider/model} name, so an alias deployment and a direct call to the
 * same upstream model share health and circuit state; two deployments of one alias with the same name get
 * {@code #2}, {@code #3} suffixes.
 */
public final class RouteCatalogs {
  private RouteCatalogs() {}

  public static RouteCatalog build(SluiceConfig config, ModelCatalog catalog) {
    Set<String> providers = new LinkedHashSet<>();
    config.providers().forEach(p -> providers.add(p.name()));
    Map<String, VirtualModel> aliases = new LinkedHashMap<>();
    for (ModelAlias alias : config.models()) {
      aliases.put(alias.name(), virtualModel(alias, config, catalog));
    }
    return new RouteCatalog(providers, aliases, (provider, model) -> implicit(config, catalog, provider, model));
  }

  private static VirtualModel virtualModel(ModelAlias alias, SluiceConfig config, ModelCatalog catalog) {
    Set<String> ids = new HashSet<>();
    List<DeploymentSpec> specs = alias.deployments().stream().map(d -> {
      int slash = d.model().indexOf('/');
      String provider = d.model().substring(0, slash);
      String model = d.model().substring(slash + 1);
      String id = d.model();
      for (int n = 2; !ids.add(id); n++) {
        id = d.model() + "#" + n;
      }
      Price price = d.price() != null ? d.price() : catalogPrice(catalog, model);
      Integer context = d.contextLength() != null ? d.contextLength() : contextOf(config, catalog, provider, model);
      return new DeploymentSpec(id, provider, model, d.weight(), d.priority(), d.region(), d.capabilities(),
          d.zeroRetention(), price, context, d.maxConcurrent());
    }).toList();
    return new VirtualModel(alias.name(), alias.strategy(), specs, alias.fallbacks(), alias.midStreamContinuation());
  }

  static DeploymentSpec implicit(SluiceConfig config, ModelCatalog catalog, String provider, String model) {
    return DeploymentSpec.of(provider, model, catalogPrice(catalog, model), contextOf(config, catalog, provider, model));
  }

  /** The catalog's full billing price (cached input, cache writes, reasoning...), or null when unknown. */
  private static Price catalogPrice(ModelCatalog catalog, String model) {
    return catalog.find(model).map(ModelInfo::price).orElse(null);
  }


  private static Integer contextOf(SluiceConfig config, ModelCatalog catalog, String provider, String model) {
    ProviderSettings settings = config.provider(provider);
    if (settings != null) {
      for (ModelEntry entry : settings.models()) {
        if (entry.name().equals(model) && entry.contextLength() != null) {
          return entry.contextLength();
        }
      }
    }
    return catalog.find(model).map(ModelInfo::contextLength).orElse(null);
  }
}
