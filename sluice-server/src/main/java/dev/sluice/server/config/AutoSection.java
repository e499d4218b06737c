package dev.sluice.server.config;

import dev.sluice.core.route.AutoRouterSettings;
import dev.sluice.core.route.AutoRule;
import dev.sluice.core.route.ProviderPreferences;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code routing.auto:}, the auto router behind the model names {@code sluice/auto} and {@code auto}:
 * rules tried in order (the first whose conditions all hold picks the model), a required default, and an
 * optional price ceiling. Every model named is an alias or a {@code provider/model} of a configured provider.
 *
 * <pre>
 * auto:
 *   default: openai/gpt-4o-mini    # required: when no rule matches
 *   max_price: { prompt: "5.00", completion: "20.00" }  # optional: skip rules whose model costs more
 *   rules:
 *     - name: coding               # required, unique; explains the choice
 *       when: { code: true, min_prompt_tokens: 0, max_prompt_tokens: 100000, images: false, tools: true,
 *               reasoning: true, scripts: [latin, cjk] }   # all optional; absent = any
 *       model: openai/gpt-4.1      # required
 * </pre>
 */
final class AutoSection {

  static final List<String> KEYS = List.of("default", "max_price", "rules");
  static final List<String> RULE_KEYS = List.of("name", "when", "model");
  static final List<String> WHEN_KEYS = List.of("code", "min_prompt_tokens", "max_prompt_tokens", "images",
      "tools", "reasoning", "scripts");
  /** The writing systems the prompt analyzer tells apart (see PromptFeatures.script). */
  static final List<String> SCRIPTS =
      List.of("latin", "cyrillic", "greek", "arabic", "hebrew", "devanagari", "cjk", "thai", "other");

  private static final String MODEL_FIX = "name an alias or <provider>/<model>, e.g. openai/gpt-4o-mini";

  private AutoSection() {}

  /** The settings, or null when absent or when something was reported. */
  static AutoRouterSettings read(ConfigNode node, Set<String> providers, Set<String> aliases, Problems problems) {
    if (!node.isMapping("write auto: as a mapping, e.g. auto: { default: openai/gpt-4o-mini, rules: [...] }")) {
      return null;
    }
    int before = problems.count();
    node.checkKeys(KEYS, Map.of());
    String defaultModel = model(node.get("default"),
        "add default: <model> for prompts no rule matches, e.g. default: openai/gpt-4o-mini", providers, aliases);
    ProviderPreferences.MaxPrice maxPrice = Prices.maxPrice(node.get("max_price"));
    List<AutoRule> rules = new ArrayList<>();
    Map<String, String> firstPath = new LinkedHashMap<>();
    for (ConfigNode r : node.get("rules").items(
        "write rules: as a list of { name, when, model } entries, e.g. [{ name: coding, when: { code: true },"
            + " model: openai/gpt-4.1 }]")) {
      AutoRule rule = rule(r, firstPath, providers, aliases);
      if (rule != null) {
        rules.add(rule);
      }
    }
    return problems.count() > before ? null : new AutoRouterSettings(rules, defaultModel, maxPrice);
  }

  private static AutoRule rule(
      ConfigNode r, Map<String, String> firstPath, Set<String> providers, Set<String> aliases) {
    if (r.isAbsent()) {
      r.problem("empty rule", "give it a name, a when: and a model, or remove it");
      return null;
    }
    if (!r.isMapping("write each rule as a mapping, e.g. - { name: coding, when: { code: true }, model: ... }")) {
      return null;
    }
    r.checkKeys(RULE_KEYS, Map.of());
    ConfigNode nameNode = r.get("name");
    String name = nameNode.requiredText("name the rule, e.g. name: coding; the name explains the choice");
    if (name != null) {
      name = name.strip();
      if (firstPath.containsKey(name)) {
        nameNode.problem("duplicate rule name \"" + name + "\" (first used at " + firstPath.get(name) + ")",
            "give each rule its own name");
      } else {
        firstPath.put(name, nameNode.path());
      }
    }
    ConfigNode when = r.get("when");
    Long minTokens = null;
    Long maxTokens = null;
    Boolean code = null;
    Boolean images = null;
    Boolean tools = null;
    Boolean reasoning = null;
    List<String> scripts = List.of();
    // no when: matches every prompt, a catch-all before the default
    if (when.isMapping("write when: as a mapping of conditions, e.g. when: { code: true, max_prompt_tokens: 8000 }")) {
      when.checkKeys(WHEN_KEYS, Map.of());
      String flagFix = "use true (the prompt must have it) or false (must not); leave it out to match either";
      code = when.get("code").bool(flagFix);
      images = when.get("images").bool(flagFix);
      tools = when.get("tools").bool(flagFix);
      reasoning = when.get("reasoning").bool(flagFix);
      String tokenFix = "give a whole number of prompt tokens, 0 or more";
      minTokens = when.get("min_prompt_tokens").integer(0, Long.MAX_VALUE, tokenFix);
      ConfigNode maxNode = when.get("max_prompt_tokens");
      maxTokens = maxNode.integer(0, Long.MAX_VALUE, tokenFix);
      if (minTokens != null && maxTokens != null && minTokens > maxTokens) {
        maxNode.problem("max_prompt_tokens " + maxTokens + " is below min_prompt_tokens " + minTokens,
            "make max_prompt_tokens at least min_prompt_tokens");
      }
      scripts = scripts(when.get("scripts"));
    }
    String model = model(r.get("model"), "add the model this rule picks: " + MODEL_FIX, providers, aliases);
    if (name == null || model == null) {
      return null;
    }
    return new AutoRule(name, minTokens, maxTokens, code, images, tools, reasoning, scripts, model);
  }

  private static List<String> scripts(ConfigNode node) {
    List<String> out = new ArrayList<>();
    for (ConfigNode s : node.items("write scripts: as a list, e.g. scripts: [latin, cjk]")) {
      if (s.isAbsent()) {
        s.problem("empty entry", "use one of: " + String.join(", ", SCRIPTS));
        continue;
      }
      String script = s.oneOf(SCRIPTS, "script");
      if (script != null && !out.contains(script)) {
        out.add(script);
      }
    }
    return out;
  }

  /** A required model name (alias or provider/model), or null (reported). */
  private static String model(ConfigNode node, String fix, Set<String> providers, Set<String> aliases) {
    String name = node.requiredText(fix);
    return name == null ? null : ModelNames.target(node, name.strip(), "its own target", aliases, providers);
  }
}
