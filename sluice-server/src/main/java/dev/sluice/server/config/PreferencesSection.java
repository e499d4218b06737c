package dev.sluice.server.config;

import dev.sluice.core.route.ProviderPreferences;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code routing.provider:}, the defaults under every request's own provider preferences; the same
 * fields as OpenRouter's {@code provider} object. Provider names must be configured ones.
 *
 * <pre>
 * provider:
 *   order: [groq, openai]          # try these providers first, in this order
 *   only: [groq, openai]           # nothing else (no name may be in both only and ignore)
 *   ignore: [mistral]              # never these
 *   allow_fallbacks: true          # false: only the single best deployment
 *   sort: price                    # price | latency | throughput; overrides the alias's strategy
 *   max_price: { prompt: "1.00", completion: "4.00" }   # USD per million tokens, either side optional
 *   require_parameters: false      # skip deployments lacking the request's tools / JSON schema / images
 *   data_collection: allow         # allow | deny (deny: zero_retention deployments only)
 * </pre>
 */
final class PreferencesSection {

  static final List<String> KEYS = List.of("order", "only", "ignore", "allow_fallbacks", "sort", "max_price",
      "require_parameters", "data_collection");
  static final List<String> SORTS = List.of("price", "latency", "throughput");
  static final List<String> DATA_COLLECTION = List.of("allow", "deny");

  private PreferencesSection() {}

  /** The preferences, {@link ProviderPreferences#NONE} when absent; wrong fields are reported. */
  static ProviderPreferences read(ConfigNode node, Set<String> providers) {
    if (!node.isMapping("write provider: as a mapping, e.g. provider: { order: [groq, openai], sort: price }")) {
      return ProviderPreferences.NONE;
    }
    node.checkKeys(KEYS, Map.of());
    List<String> order = values(providers(node.get("order"), providers));
    List<String> only = values(providers(node.get("only"), providers));
    List<String> ignore = new ArrayList<>();
    for (ConfigNode.Named n : providers(node.get("ignore"), providers)) {
      if (only.contains(n.value())) {
        n.node().problem("\"" + n.value() + "\" is also listed in only", "keep it in one of only and ignore");
      }
      ignore.add(n.value());
    }
    Boolean allowFallbacks = node.get("allow_fallbacks").bool(
        "use true (the default) to try backups, or false to try only the best deployment");
    String sort = node.get("sort").oneOf(SORTS, "sort");
    ProviderPreferences.MaxPrice maxPrice = Prices.maxPrice(node.get("max_price"));
    Boolean requireParameters = node.get("require_parameters").bool(
        "use true to skip deployments that cannot take the request's tools, JSON schema or images, else false");
    String dataCollection = node.get("data_collection").oneOf(DATA_COLLECTION, "data_collection");
    return new ProviderPreferences(order, only, ignore, !Boolean.FALSE.equals(allowFallbacks),
        sort == null ? null : ProviderPreferences.Sort.valueOf(sort.toUpperCase(Locale.ROOT)), maxPrice,
        Boolean.TRUE.equals(requireParameters), "deny".equals(dataCollection));
  }

  /** Configured provider names, each once; others are reported with the closest configured name. */
  private static List<ConfigNode.Named> providers(ConfigNode node, Set<String> providers) {
    List<ConfigNode.Named> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    String key = node.path().substring(node.path().lastIndexOf('.') + 1);
    for (ConfigNode.Named n : node.names("write " + key + ": as a list of provider names, e.g. [groq, openai]",
        "write a provider name, or remove the empty entry")) {
      String name = n.value();
      if (!providers.contains(name)) {
        n.node().problem("\"" + name + "\" is not a configured provider" + Suggestions.didYouMean(name, providers),
            providers.isEmpty()
                ? "add a provider named " + name + " under providers:"
                : "use one of the configured providers: " + String.join(", ", providers));
      } else if (!seen.add(name)) {
        n.node().problem("\"" + name + "\" is listed twice", "keep one of them");
      } else {
        out.add(n);
      }
    }
    return out;
  }

  private static List<String> values(List<ConfigNode.Named> names) {
    return names.stream().map(ConfigNode.Named::value).toList();
  }
}
