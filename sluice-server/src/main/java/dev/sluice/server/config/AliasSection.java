package dev.sluice.server.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads {@code models:}: virtual model names over {@code provider/model} deployments. */
final class AliasSection {

  static final List<String> KEYS = List.of("name", "deployments");
  static final List<String> DEPLOYMENT_KEYS = List.of("model", "weight");
  /** In the design but not built yet: say so rather than "unknown key". */
  static final Map<String, String> NOT_YET = Map.of(
      "strategy", "remove it; deployments are picked at random in proportion to weight",
      "fallbacks", "remove it, or list the fallback as another deployment");
  static final int MAX_WEIGHT = 1_000_000;

  private AliasSection() {}

  static List<ModelAlias> read(ConfigNode models, Set<String> providers, Problems problems) {
    List<ModelAlias> out = new ArrayList<>();
    Map<String, String> firstPath = new LinkedHashMap<>();
    for (ConfigNode a : models.items("write models: as a list of \"- name: ...\" entries with deployments")) {
      ModelAlias alias = readOne(a, firstPath, providers, problems);
      if (alias != null) {
        out.add(alias);
      }
    }
    return out;
  }

  private static ModelAlias readOne(
      ConfigNode a, Map<String, String> firstPath, Set<String> providers, Problems problems) {
    int before = problems.count();
    if (a.isAbsent()) {
      a.problem("empty model entry", "give it a name and deployments");
      return null;
    }
    if (!a.isMapping("write each model as a mapping, e.g. - { name: smart, deployments: [...] }")) {
      return null;
    }
    a.checkKeys(KEYS, NOT_YET);

    ConfigNode nameNode = a.get("name");
    String name = nameNode.requiredText("add the name callers will use, e.g. name: smart");
    if (name != null) {
      name = name.strip();
      if (name.contains("/") || name.chars().anyMatch(Character::isWhitespace)) {
        nameNode.problem("\"" + name + "\" is not a valid model name: it must not contain '/' or spaces",
            "use a plain name such as smart; provider/model names are available without an alias");
      } else if (providers.contains(name)) {
        nameNode.problem("\"" + name + "\" is also a provider name", "rename the model or the provider");
      } else if (firstPath.containsKey(name)) {
        nameNode.problem("duplicate model name \"" + name + "\" (first used at " + firstPath.get(name) + ")",
            "give each model its own name, or merge their deployments");
      } else {
        firstPath.put(name, nameNode.path());
      }
    }

    ConfigNode deploymentsNode = a.get("deployments");
    String listFix = "list where requests go, e.g. deployments: [{model: openai/gpt-4o, weight: 1}]";
    List<ModelAlias.Deployment> deployments = new ArrayList<>();
    if (deploymentsNode.isAbsent()) {
      deploymentsNode.problem("is required", listFix);
    } else {
      List<ConfigNode> items = deploymentsNode.items(listFix);
      if (items.isEmpty() && deploymentsNode.raw().isArray()) {
        deploymentsNode.problem("must list at least one deployment", listFix);
      }
      for (ConfigNode d : items) {
        ModelAlias.Deployment deployment = deployment(d, providers);
        if (deployment != null) {
          deployments.add(deployment);
        }
      }
    }
    if (problems.count() > before) {
      return null;
    }
    return new ModelAlias(name, deployments);
  }

  private static ModelAlias.Deployment deployment(ConfigNode d, Set<String> providers) {
    String fix = "write it as { model: <provider>/<model>, weight: 1 }, e.g. { model: openai/gpt-4o }";
    if (d.isAbsent()) {
      d.problem("empty deployment", fix);
      return null;
    }
    ConfigNode modelNode = d; // "- openai/gpt-4o" is shorthand for weight 1
    long weight = 1;
    if (d.isObject()) {
      d.checkKeys(DEPLOYMENT_KEYS, Map.of());
      modelNode = d.get("model");
      Long w = d.get("weight").integer(1, MAX_WEIGHT, "use a whole number from 1 (the default) to " + MAX_WEIGHT);
      weight = w == null ? 1 : w; // a wrong weight is reported; go on to check the model too
    }
    String model = modelNode.requiredText(fix);
    if (model == null) {
      return null;
    }
    model = model.strip();
    int slash = model.indexOf('/');
    if (slash <= 0 || slash == model.length() - 1) {
      modelNode.problem("\"" + model + "\" is not of the form provider/model",
          "write it as <provider>/<model>, e.g. openai/gpt-4o");
      return null;
    }
    String provider = model.substring(0, slash);
    if (!providers.contains(provider)) {
      modelNode.problem("\"" + model + "\" names provider \"" + provider + "\", which is not configured"
              + Suggestions.didYouMean(provider, providers),
          providers.isEmpty()
              ? "add a provider named " + provider + " under providers:"
              : "use one of the configured providers (" + String.join(", ", providers)
                  + ") or add one named " + provider);
      return null;
    }
    return new ModelAlias.Deployment(model, (int) weight);
  }
}
