package dev.sluice.server.limit;

import dev.sluice.server.config.ModelAlias;
import dev.sluice.server.config.ProviderSettings;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.provider.DemoProvider;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The models a {@code model:} limit may name, from the configuration: a model alias, or
 * {@code provider/model} of a configured provider (any model name under it: providers pass unknown names
 * through). With no provider configured the gateway serves the demo provider, so its names count.
 */
public final class KnownModels {
  private KnownModels() {}

  public static Predicate<String> from(SluiceConfig config) {
    Set<String> aliases = new HashSet<>();
    for (ModelAlias alias : config.models()) {
      aliases.add(alias.name());
    }
    Set<String> providers = new HashSet<>();
    for (ProviderSettings provider : config.providers()) {
      providers.add(provider.name());
    }
    if (providers.isEmpty()) {
      providers.add(DemoProvider.NAME);
    }
    return name -> {
      if (aliases.contains(name)) {
        return true;
      }
      int slash = name.indexOf('/');
      return slash > 0 && slash < name.length() - 1 && providers.contains(name.substring(0, slash));
    };
  }
}
