package dev.sluice.server.config;

import static dev.sluice.server.config.ConfigTestSupport.onlyProblem;
import static dev.sluice.server.config.ConfigTestSupport.problemAt;
import static dev.sluice.server.config.ConfigTestSupport.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One test per routing rule: each problem names its path and carries a fix. */
class RoutingValidationTest {

  private static final String PROVIDERS = """
      providers:
        - { name: openai, preset: openai }
        - { name: groq, preset: groq }
      """;

  // --- models: strategy, fallbacks, cycles, names

  @Test
  void unknownStrategySuggestsTheClosestAndListsAll() {
    ConfigProblem p = onlyProblem(PROVIDERS + """
        models:
          - { name: smart, strategy: lowest-latncy, deployments: [openai/gpt-4o] }
        """, "models[0].strategy", "unknown strategy \"lowest-latncy\" (did you mean \"lowest-latency\"?)");
    assertThat(p.fix()).isEqualTo("use one of: weighted, round-robin, least-inflight, lowest-latency, lowest-cost,"
        + " priority (weighted is the default)");
    onlyProblem(PROVIDERS + "models: [{ name: s, strategy: fastest, deployments: [openai/gpt-4o] }]\n",
        "models[0].strategy", "unknown strategy \"fastest\"");
  }

  @Test
  void fallbackCycleIsNamedWithAFix() {
    ConfigProblem p = onlyProblem(PROVIDERS + """
        models:
          - { name: smart, deployments: [openai/gpt-4o], fallbacks: [cheap] }
          - { name: cheap, deployments: [groq/llama-3.1-8b-instant], fallbacks: [openai/gpt-4o-mini, smart] }
        """, "models[0].fallbacks", "cycle smart -> cheap -> smart");
    assertThat(p.fix()).isEqualTo(
        "remove one link of the cycle, e.g. \"smart\" from the fallbacks of cheap (models[1].fallbacks)");
  }

  @Test
  void longerAndSelfCyclesAreEachReportedOnceAtTheirFirstAlias() {
    List<ConfigProblem> all = problems(PROVIDERS + """
        models:
          - { name: a, deployments: [openai/x], fallbacks: [b] }
          - { name: b, deployments: [openai/x], fallbacks: [c] }
          - { name: c, deployments: [openai/x], fallbacks: [a, openai/y] }
          - { name: d, deployments: [openai/x], fallbacks: [a] }
          - { name: e, deployments: [openai/x], fallbacks: [e] }
        """);
    assertThat(all).hasSize(2);
    problemAt(all, "models[0].fallbacks", "cycle a -> b -> c -> a");
    assertThat(problemAt(all, "models[4].fallbacks", "cycle e -> e").fix()).contains("from its own fallbacks");
  }

  @Test
  void cycleReachedThroughAnotherAliasStartsAtItsFirstMember() {
    List<ConfigProblem> all = problems(PROVIDERS + """
        models:
          - { name: w, deployments: [openai/x], fallbacks: [y] }
          - { name: x, deployments: [openai/x], fallbacks: [y] }
          - { name: y, deployments: [openai/x], fallbacks: [x] }
        """);
    assertThat(all).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("models[1].fallbacks");
      assertThat(p.message()).isEqualTo("cycle x -> y -> x");
      assertThat(p.fix()).contains("\"x\" from the fallbacks of y (models[2].fallbacks)");
    });
  }

  @Test
  void unknownFallbacksSuggestTheClosestName() {
    List<ConfigProblem> all = problems(PROVIDERS + """
        models:
          - { name: cheap, deployments: [groq/llama-3.1-8b-instant] }
          - name: smart
            deployments: [openai/gpt-4o]
            fallbacks: [chep, grok/llama-3.3-70b-versatile, auto, cheap, cheap, "", gpt-4o]
        """);
    assertThat(all).hasSize(6);
    assertThat(problemAt(all, "models[1].fallbacks[0]",
        "\"chep\" is neither a model alias nor provider/model (did you mean \"cheap\"?)").fix())
        .contains("cheap", "<provider>/<model>");
    problemAt(all, "models[1].fallbacks[1]",
        "names provider \"grok\", which is not configured (did you mean \"groq\"?)");
    problemAt(all, "models[1].fallbacks[2]", "the auto router (\"auto\") cannot be a fallback");
    problemAt(all, "models[1].fallbacks[4]", "\"cheap\" is listed twice");
    problemAt(all, "models[1].fallbacks[5]", "must not be empty");
    problemAt(all, "models[1].fallbacks[6]", "\"gpt-4o\" is neither a model alias nor provider/model");
    onlyProblem(PROVIDERS + "models: [{ name: s, deployments: [openai/x], fallbacks: cheap }]\n",
        "models[0].fallbacks", "expected a list, got the text \"cheap\"");
  }

  @Test
  void fallbackToAnAliasWithOtherProblemsIsNotAlsoReported() {
    List<ConfigProblem> all = problems(PROVIDERS + """
        models:
          - { name: smart, deployments: [openai/gpt-4o], fallbacks: [cheap] }
          - { name: cheap, deployments: [nowhere/x] }
        """);
    assertThat(all).extracting(ConfigProblem::path).containsExactly("models[1].deployments[0]");
  }

  @Test
  void autoRouterNamesAreReserved() {
    List<ConfigProblem> all = problems(PROVIDERS + """
        models:
          - { name: auto, deployments: [openai/gpt-4o] }
          - { name: Auto, deployments: [openai/gpt-4o] }
          - { name: sluice/auto, deployments: [openai/gpt-4o] }
        """);
    assertThat(all).hasSize(3);
    ConfigProblem p = problemAt(all, "models[0].name", "\"auto\" is reserved for the auto router");
    assertThat(p.fix()).contains("routing.auto");
    problemAt(all, "models[1].name", "\"Auto\" is reserved");
    problemAt(all, "models[2].name", "\"sluice/auto\" is reserved");
    onlyProblem("providers: [{ name: sluice, base_url: 'http://127.0.0.1:1/v1' }]\n", "providers[0].name",
        "\"sluice\" is reserved");
  }

  // --- deployments

  @Test
  void deploymentFieldRules() {
    List<ConfigProblem> all = problems(PROVIDERS + """
        models:
          - name: smart
            deployments:
              - model: openai/gpt-4o
                priority: -1
                context_length: 0
                max_concurrent: 0
                zero_retention: maybe
                capabilities: { json-schema: false, tools: sometimes }
                price: { input: "3.00" }
                region: [eu]
        """);
    assertThat(all).hasSize(8);
    String d = "models[0].deployments[0].";
    problemAt(all, d + "priority", "must be at least 0, got -1");
    problemAt(all, d + "context_length", "must be at least 1, got 0");
    problemAt(all, d + "max_concurrent", "must be at least 1, got 0");
    problemAt(all, d + "zero_retention", "expected true or false, got \"maybe\"");
    problemAt(all, d + "capabilities.json-schema", "unknown key \"json-schema\" (did you mean \"json_schema\"?)");
    problemAt(all, d + "capabilities.tools", "expected true or false");
    assertThat(problemAt(all, d + "price.output", "is required").fix()).contains("output: \"1.00\"");
    problemAt(all, d + "region", "expected a single value, got a list");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "'\"abc\"'       | \"abc\" is not a price",
      "'\"-1\"'        | \"-1\" is negative",
      "-1              | \"-1\" is negative",
      "'\"0.0000001\"' | \"0.0000001\" has more than 6 decimal places",
      "0.0000001       | \"0.0000001\" has more than 6 decimal places",
      "'\"100000.01\"' | is too large",
      "'\"1,50\"'      | \"1,50\" is not a price",
      "'[1]'           | expected a single value"})
  void badPricesSayWhatIsWrong(String value, String message) {
    ConfigProblem p = onlyProblem(PROVIDERS + "models: [{ name: m, deployments: [{ model: openai/x, price: { input: "
        + value + ", output: 1 } }] }]\n", "models[0].deployments[0].price.input", message);
    if (!message.startsWith("expected")) {
      assertThat(p.fix()).isEqualTo(Prices.FORMAT);
    }
  }

  // --- routing

  @Test
  void retriesAreBounded() {
    ConfigProblem p = onlyProblem("routing: { retries: 11 }\n", "routing.retries", "must be between 0 and 10, got 11");
    assertThat(p.fix()).contains("0 (exactly one attempt)");
    onlyProblem("routing: { retries: -1 }\n", "routing.retries", "must be between 0 and 10");
    onlyProblem("routing: { retries: two }\n", "routing.retries", "expected a whole number");
  }

  @Test
  void backoffBaseMustNotExceedMax() {
    ConfigProblem p = onlyProblem("routing: { backoff: { base: 2s, max: 1s } }\n", "routing.backoff",
        "base 2s is longer than max 1s");
    assertThat(p.fix()).contains("base at most max");
    onlyProblem("routing: { backoff: { base: 20s } }\n", "routing.backoff",
        "base 20s is longer than max 10s (the default)");
    onlyProblem("routing: { backoff: { max: 100ms } }\n", "routing.backoff",
        "base 200ms (the default) is longer than max 100ms");
    onlyProblem("routing: { backoff: 1s }\n", "routing.backoff", "expected a mapping");
    onlyProblem("routing: { backoff: { bsae: 1s } }\n", "routing.backoff.bsae", "did you mean \"base\"");
  }

  @Test
  void routingDurationsAndCircuit() {
    List<ConfigProblem> all = problems("""
        routing:
          total_timeout: 0s
          rate_limit_cooldown: 30
          health_check_interval: often
          circuit_breaker: { failure_threshold: 0, open_for: 1d, half_open_probes: 0 }
        """);
    assertThat(all).hasSize(6);
    problemAt(all, "routing.total_timeout", "must be longer than 0");
    problemAt(all, "routing.rate_limit_cooldown", "has no unit");
    problemAt(all, "routing.health_check_interval", "is not a duration");
    problemAt(all, "routing.circuit_breaker.failure_threshold", "must be at least 1, got 0");
    problemAt(all, "routing.circuit_breaker.open_for", "unknown duration unit \"d\"");
    problemAt(all, "routing.circuit_breaker.half_open_probes", "must be at least 1, got 0");
  }

  @Test
  void providerPreferencesNameConfiguredProviders() {
    List<ConfigProblem> all = problems(PROVIDERS + """
        routing:
          provider:
            order: [grok, openai, openai]
            only: [groq]
            ignore: [groq, mistral]
        """);
    assertThat(all).hasSize(4);
    ConfigProblem p = problemAt(all, "routing.provider.order[0]",
        "\"grok\" is not a configured provider (did you mean \"groq\"?)");
    assertThat(p.fix()).isEqualTo("use one of the configured providers: openai, groq");
    problemAt(all, "routing.provider.order[2]", "\"openai\" is listed twice");
    problemAt(all, "routing.provider.ignore[0]", "\"groq\" is also listed in only");
    problemAt(all, "routing.provider.ignore[1]", "\"mistral\" is not a configured provider");
  }

  @Test
  void providerPreferenceValues() {
    List<ConfigProblem> all = problems("""
        routing:
          provider:
            sort: cheapest
            data_collection: dney
            allow_fallbacks: 1
            require_parameters: "yes please"
            max_price: { prompt: "x", output: "1" }
            only: groq
        """);
    assertThat(all).hasSize(7);
    assertThat(problemAt(all, "routing.provider.sort", "unknown sort \"cheapest\"").fix())
        .isEqualTo("use one of: price, latency, throughput");
    assertThat(problemAt(all, "routing.provider.data_collection",
        "unknown data_collection \"dney\" (did you mean \"deny\"?)").fix()).isEqualTo("use one of: allow, deny");
    problemAt(all, "routing.provider.allow_fallbacks", "expected true or false, got the number 1");
    problemAt(all, "routing.provider.require_parameters", "expected true or false, got \"yes please\"");
    problemAt(all, "routing.provider.max_price.prompt", "\"x\" is not a price");
    problemAt(all, "routing.provider.max_price.output", "unknown key \"output\"");
    problemAt(all, "routing.provider.only", "expected a list");
  }

  // --- auto router

  @Test
  void autoNeedsADefault() {
    ConfigProblem p = onlyProblem(PROVIDERS + "routing: { auto: { rules: [] } }\n", "routing.auto.default",
        "is required");
    assertThat(p.fix()).contains("default: openai/gpt-4o-mini");
    onlyProblem(PROVIDERS + "routing: { auto: {} }\n", "routing.auto.default", "is required");
  }

  @Test
  void autoRuleRules() {
    List<ConfigProblem> all = problems(PROVIDERS + """
        models:
          - { name: smart, deployments: [openai/gpt-4o] }
        routing:
          auto:
            default: smrt
            max_price: { prompt: "-5" }
            rules:
              - { name: coding, when: { code: true }, model: openai/gpt-4.1 }
              - { name: coding, when: { images: true }, model: smart }
              - { name: langs, when: { scripts: [latn, cjk, klingon] }, model: smart }
              - { name: sizes, when: { min_prompt_tokens: 500, max_prompt_tokens: 100 }, model: smart }
              - { when: { code: false, tokens: 5 }, model: auto }
              - { name: nowhere, model: nope/x }
              - { name: no-model }
        """);
    assertThat(all).hasSize(11);
    problemAt(all, "routing.auto.default",
        "\"smrt\" is neither a model alias nor provider/model (did you mean \"smart\"?)");
    problemAt(all, "routing.auto.max_price.prompt", "is negative");
    assertThat(problemAt(all, "routing.auto.rules[1].name",
        "duplicate rule name \"coding\" (first used at routing.auto.rules[0].name)").fix())
        .isEqualTo("give each rule its own name");
    assertThat(problemAt(all, "routing.auto.rules[2].when.scripts[0]",
        "unknown script \"latn\" (did you mean \"latin\"?)").fix())
        .isEqualTo("use one of: latin, cyrillic, greek, arabic, hebrew, devanagari, cjk, thai, other");
    problemAt(all, "routing.auto.rules[2].when.scripts[2]", "unknown script \"klingon\"");
    problemAt(all, "routing.auto.rules[3].when.max_prompt_tokens", "is below min_prompt_tokens 500");
    problemAt(all, "routing.auto.rules[4].name", "is required");
    problemAt(all, "routing.auto.rules[4].when.tokens", "unknown key \"tokens\"");
    problemAt(all, "routing.auto.rules[4].model", "the auto router (\"auto\") cannot be its own target");
    problemAt(all, "routing.auto.rules[5].model", "names provider \"nope\", which is not configured");
    problemAt(all, "routing.auto.rules[6].model", "is required");
  }

  @Test
  void everyRoutingProblemIsCollected() {
    List<ConfigProblem> all = problems(PROVIDERS + """
        models:
          - { name: smart, strategy: fast, deployments: [openai/gpt-4o], fallbacks: [smart] }
        routing:
          retries: 11
          backoff: { base: 1m, max: 1s }
          provider: { order: [grok] }
          auto: { default: openai/gpt-4o-mini, rules: [{ name: r, when: { scripts: [latn] }, model: smart }] }
        """);
    assertThat(all).extracting(ConfigProblem::path).containsExactly("models[0].strategy", "models[0].fallbacks",
        "routing.retries", "routing.backoff", "routing.provider.order[0]",
        "routing.auto.rules[0].when.scripts[0]");
    assertThat(new ConfigException(all).getMessage().lines()).allSatisfy(line -> assertThat(line).contains(". Fix: "));
  }
}
