package dev.sluice.server.config;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks names that point at models: deployments ({@code provider/model} of a configured provider), and
 * fallbacks and auto-router targets (an alias, or such a {@code provider/model}). Also knows the names the
 * auto router owns.
 */
final class ModelNames {

  /** The model names callers use for the auto router; no alias may take them. */
  static final List<String> AUTO = List.of("auto", "sluice/auto");
  /** The provider prefix of {@code sluice/auto}; no provider may take it. */
  static final String GATEWAY_PREFIX = "sluice";

  private ModelNames() {}

  /** True for {@code auto}, {@code sluice/auto} and anything under {@code sluice/}, ignoring case. */
  static boolean isReserved(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    return AUTO.contains(n) || n.startsWith(GATEWAY_PREFIX + "/");
  }

  /** {@code model} if it is {@code provider/model} with a configured provider, else null (reported at node). */
  static String providerModel(ConfigNode node, String model, Set<String> providers) {
    int slash = model.indexOf('/');
    if (slash <= 0 || slash == model.length() - 1) {
      node.problem("\"" + model + "\" is not of the form provider/model",
          "write it as <provider>/<model>, e.g. openai/gpt-4o");
      return null;
    }
    String provider = model.substring(0, slash);
    if (!providers.contains(provider)) {
      node.problem("\"" + model + "\" names provider \"" + provider + "\", which is not configured"
              + Suggestions.didYouMean(provider, providers),
          providers.isEmpty()
              ? "add a provider named " + provider + " under providers:"
              : "use one of the configured providers (" + String.join(", ", providers)
                  + ") or add one named " + provider);
      return null;
    }
    return model;
  }

  /**
   * {@code name} if it is an alias or a {@code provider/model} with a configured provider, else null
   * (reported at node). {@code role} completes "the auto router cannot be ...", e.g. "a fallback".
   */
  static String target(ConfigNode node, String name, String role, Set<String> aliases, Set<String> providers) {
    if (aliases.contains(name)) {
      return name;
    }
    if (isReserved(name)) {
      node.problem("the auto router (\"" + name + "\") cannot be " + role,
          "name an alias or a <provider>/<model> instead");
      return null;
    }
    if (name.indexOf('/') >= 0) {
      return providerModel(node, name, providers);
    }
    node.problem("\"" + name + "\" is neither a model alias nor provider/model" + Suggestions.didYouMean(name, aliases),
        aliases.isEmpty()
            ? "define it under models:, or write <provider>/<model>, e.g. openai/gpt-4o"
            : "use an alias (" + String.join(", ", aliases) + ") or <provider>/<model>, e.g. openai/gpt-4o");
    return null;
  }
}
