package dev.sluice.server.config;

import dev.sluice.core.route.Strategy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code models:}: virtual model names over {@code provider/model} deployments, each with a strategy,
 * fallbacks and the mid-stream continuation switch. Deployments are read by {@link DeploymentSection};
 * fallbacks are checked once every alias name is known, and then for cycles ({@link AliasCycles}).
 *
 * <pre>
 * models:
 *   - name: smart                  # required; no '/', not a provider name, not auto
 *     strategy: weighted           # weighted | round-robin | least-inflight | lowest-latency | lowest-cost | priority
 *     deployments: [...]           # required, at least one; see DeploymentSection
 *     fallbacks: [cheap, groq/llama-3.3-70b-versatile]   # aliases or provider/model; no cycles
 *     mid_stream_continuation: false
 * </pre>
 */
final class AliasSection {

  static final List<String> KEYS =
      List.of("name", "strategy", "deployments", "fallbacks", "mid_stream_continuation");
  static final List<String> STRATEGIES = Arrays.stream(Strategy.values()).map(Strategy::configName).toList();

  /** An alias as read, with what is needed to check its fallbacks once every alias is known. */
  private record Entry(ModelAlias alias, String name, ConfigNode fallbacksNode, List<ConfigNode.Named> fallbacks) {}

  private AliasSection() {}

  /**
   * All aliases, entries with problems left out. {@code declared} receives every well-formed alias name, even
   * of aliases with other problems, so fallbacks and auto rules that name them get no second complaint.
   */
  static List<ModelAlias> read(ConfigNode models, Set<String> providers, Set<String> declared, Problems problems) {
    List<Entry> entries = new ArrayList<>();
    Map<String, String> firstPath = new LinkedHashMap<>();
    for (ConfigNode a : models.items("write models: as a list of \"- name: ...\" entries with deployments")) {
      Entry entry = readOne(a, firstPath, providers, problems);
      if (entry != null) {
        entries.add(entry);
      }
    }
    declared.addAll(firstPath.keySet());
    checkFallbacks(entries, providers, declared);
    List<ModelAlias> out = new ArrayList<>();
    for (Entry e : entries) {
      if (e.alias() != null) {
        out.add(e.alias());
      }
    }
    return out;
  }

  private static Entry readOne(
      ConfigNode a, Map<String, String> firstPath, Set<String> providers, Problems problems) {
    int before = problems.count();
    if (a.isAbsent()) {
      a.problem("empty model entry", "give it a name and deployments");
      return null;
    }
    if (!a.isMapping("write each model as a mapping, e.g. - { name: smart, deployments: [...] }")) {
      return null;
    }
    a.checkKeys(KEYS, Map.of());

    ConfigNode nameNode = a.get("name");
    String name = nameNode.requiredText("add the name callers will use, e.g. name: smart");
    if (name != null) {
      name = name.strip();
      if (ModelNames.isReserved(name)) {
        nameNode.problem("\"" + name + "\" is reserved for the auto router (models auto and sluice/auto)",
            "rename the model, e.g. smart; configure the auto router under routing.auto");
        name = null;
      } else if (name.contains("/") || name.chars().anyMatch(Character::isWhitespace)) {
        nameNode.problem("\"" + name + "\" is not a valid model name: it must not contain '/' or spaces",
            "use a plain name such as smart; provider/model names are available without an alias");
        name = null;
      } else if (providers.contains(name)) {
        nameNode.problem("\"" + name + "\" is also a provider name", "rename the model or the provider");
        name = null;
      } else if (firstPath.containsKey(name)) {
        nameNode.problem("duplicate model name \"" + name + "\" (first used at " + firstPath.get(name) + ")",
            "give each model its own name, or merge their deployments");
        name = null;
      } else {
        firstPath.put(name, nameNode.path());
      }
    }

    Strategy strategy = strategy(a.get("strategy"));
    List<ModelAlias.Deployment> deployments = deployments(a.get("deployments"), providers);
    ConfigNode fallbacksNode = a.get("fallbacks");
    List<ConfigNode.Named> fallbacks = fallbacksNode.names(
        "write fallbacks: as a list of model names, e.g. fallbacks: [cheap, openai/gpt-4o-mini]",
        "write an alias or <provider>/<model>, or remove the empty entry");
    Boolean continuation = a.get("mid_stream_continuation").bool(
        "use true to continue a broken stream on the next deployment, or false (the default)");

    ModelAlias alias = null;
    if (problems.count() == before) {
      alias = new ModelAlias(name, strategy, deployments,
          fallbacks.stream().map(ConfigNode.Named::value).toList(), Boolean.TRUE.equals(continuation));
    }
    return new Entry(alias, name, fallbacksNode, fallbacks);
  }

  private static Strategy strategy(ConfigNode node) {
    String s = node.text();
    if (s == null) {
      return Strategy.WEIGHTED;
    }
    Strategy strategy = Strategy.fromConfigName(s.strip());
    if (strategy == null) {
      node.problem("unknown strategy \"" + s.strip() + "\"" + Suggestions.didYouMean(s.strip(), STRATEGIES),
          "use one of: " + String.join(", ", STRATEGIES) + " (weighted is the default)");
      return Strategy.WEIGHTED;
    }
    return strategy;
  }

  private static List<ModelAlias.Deployment> deployments(ConfigNode node, Set<String> providers) {
    String listFix = "list where requests go, e.g. deployments: [{model: openai/gpt-4o, weight: 1}]";
    List<ModelAlias.Deployment> out = new ArrayList<>();
    if (node.isAbsent()) {
      node.problem("is required", listFix);
      return out;
    }
    List<ConfigNode> items = node.items(listFix);
    if (items.isEmpty() && node.raw().isArray()) {
      node.problem("must list at least one deployment", listFix);
    }
    for (ConfigNode d : items) {
      ModelAlias.Deployment deployment = DeploymentSection.read(d, providers);
      if (deployment != null) {
        out.add(deployment);
      }
    }
    return out;
  }

  /** Each fallback names a known model, once; then no alias may reach itself through fallbacks. */
  private static void checkFallbacks(List<Entry> entries, Set<String> providers, Set<String> aliases) {
    Map<String, List<String>> graph = new LinkedHashMap<>();
    Map<String, String> paths = new LinkedHashMap<>();
    for (Entry e : entries) {
      Set<String> seen = new LinkedHashSet<>();
      for (ConfigNode.Named f : e.fallbacks()) {
        if (!seen.add(f.value())) {
          f.node().problem("\"" + f.value() + "\" is listed twice", "keep one of them");
        } else {
          ModelNames.target(f.node(), f.value(), "a fallback", aliases, providers);
        }
      }
      if (e.name() != null) { // only well-formed, first-used names are kept
        graph.put(e.name(), List.copyOf(seen));
        paths.put(e.name(), e.fallbacksNode().path());
      }
    }
    for (List<String> cycle : AliasCycles.find(graph)) {
      String last = cycle.get(cycle.size() - 2);
      String fix = cycle.size() == 2
          ? "remove \"" + last + "\" from its own fallbacks"
          : "remove one link of the cycle, e.g. \"" + cycle.get(0) + "\" from the fallbacks of " + last
              + " (" + paths.get(last) + ")";
      entries.stream()
          .filter(e -> cycle.get(0).equals(e.name()))
          .findFirst()
          .ifPresent(e -> e.fallbacksNode().problem("cycle " + String.join(" -> ", cycle), fix));
    }
  }
}
