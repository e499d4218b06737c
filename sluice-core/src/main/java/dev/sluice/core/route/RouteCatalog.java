package dev.sluice.core.route;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The model names callers may use: configured aliases, and {@code provider/model} for any configured provider.
 * The second form works for models nobody listed (new models work the day the provider ships them), so it
 * is built on demand by {@code implicitDeployment}, which attaches what configuration knows about it (price,
 * context window). Only the first slash splits: OpenRouter and Together name models
 * {@code meta-llama/Llama-3.3-70B}, so {@code openrouter/meta-llama/Llama-3.3-70B} is provider
 * {@code openrouter}, model {@code meta-llama/Llama-3.3-70B}.
 *
 * <p>Immutable and thread-safe when {@code implicitDeployment} is.
 */
public final class RouteCatalog {
  private final Set<String> providers;
  private final Map<String, VirtualModel> aliases;
  private final BiFunction<String, String, DeploymentSpec> implicitDeployment;

  public RouteCatalog(Set<String> providers, Map<String, VirtualModel> aliases,
      BiFunction<String, String, DeploymentSpec> implicitDeployment) {
    this.providers = Set.copyOf(providers);
    this.aliases = Map.copyOf(aliases);
    this.implicitDeployment = Objects.requireNonNull(implicitDeployment, "implicitDeployment");
  }

  /** An alias, else a one-deployment model for {@code provider/model} with a configured provider, else empty. */
  public Optional<VirtualModel> resolve(String name) {
    VirtualModel alias = aliases.get(name);
    if (alias != null) {
      return Optional.of(alias);
    }
    int slash = name.indexOf('/');
    if (slash <= 0 || slash == name.length() - 1) {
      return Optional.empty();
    }
    String provider = name.substring(0, slash);
    if (!providers.contains(provider)) {
      return Optional.empty();
    }
    DeploymentSpec deployment = implicitDeployment.apply(provider, name.substring(slash + 1));
    return Optional.of(new VirtualModel(name, Strategy.WEIGHTED, List.of(deployment),
        /* fallbacks= */ List.of(), /* midStreamContinuation= */ false));
  }

  public boolean hasProvider(String provider) {
    return providers.contains(provider);
  }

  public Set<String> providers() {
    return providers;
  }
}
