package dev.sluice.server.config;

import static dev.sluice.server.config.ConfigTestSupport.parse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.price.Price;
import dev.sluice.core.route.AutoRouterSettings;
import dev.sluice.core.route.AutoRule;
import dev.sluice.core.route.Capabilities;
import dev.sluice.core.route.CircuitSettings;
import dev.sluice.core.route.ProviderPreferences;
import dev.sluice.core.route.Strategy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Routing fields of models: and routing: bind into the records, and what is left out takes the defaults. */
class RoutingConfigTest {

  private static final String PROVIDERS = """
      providers:
        - { name: openai, preset: openai }
        - { name: groq, preset: groq }
      """;

  private static final RoutingSettings DEFAULTS = new RoutingSettings(Duration.ofSeconds(5),
      Duration.ofSeconds(120), Duration.ofSeconds(60), RoutingSettings.DEFAULT_RETRIES,
      RoutingSettings.DEFAULT_BACKOFF_BASE, RoutingSettings.DEFAULT_BACKOFF_MAX, RoutingSettings.DEFAULT_TOTAL_TIMEOUT,
      RoutingSettings.DEFAULT_RATE_LIMIT_COOLDOWN, CircuitSettings.DEFAULTS, null, ProviderPreferences.NONE, null);

  @Test
  void fullRoutingFileBindsIntoRecords() throws Exception {
    Path file = Path.of(RoutingConfigTest.class.getResource("/config/routing.yaml").toURI());
    SluiceConfig c = ConfigLoader.load(file, Map.of());

    assertThat(c.models()).containsExactly(
        new ModelAlias("smart", Strategy.LOWEST_LATENCY, List.of(
            new ModelAlias.Deployment("claude/claude-sonnet-4", 3, 0, "eu", new Capabilities(true, true, false),
                false, new Price(3_000_000, 15_000_000), 200_000, 50),
            new ModelAlias.Deployment("openai/gpt-4o", 1)),
            List.of("groq/llama-3.3-70b-versatile", "cheap"), true),
        new ModelAlias("cheap", Strategy.PRIORITY, List.of(
            new ModelAlias.Deployment("groq/llama-3.1-8b-instant", 1, 0, null, Capabilities.ALL, true,
                new Price(50_000, 80_000), null, null),
            new ModelAlias.Deployment("openai/gpt-4o-mini", 1, 1, "us", Capabilities.ALL, false,
                new Price(150_000, 600_000), null, null)),
            List.of(), false));

    assertThat(c.routing()).isEqualTo(new RoutingSettings(
        Duration.ofSeconds(3), Duration.ofSeconds(90), Duration.ofSeconds(20), 3,
        Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofSeconds(45),
        new CircuitSettings(3, Duration.ofMinutes(1), 2), Duration.ofSeconds(15),
        new ProviderPreferences(List.of("groq", "openai"), List.of("groq", "openai", "claude"), List.of(), false,
            ProviderPreferences.Sort.LATENCY, new ProviderPreferences.MaxPrice(1_000_000L, 4_000_000L), true, true),
        new AutoRouterSettings(List.of(
            new AutoRule("coding", 0L, 100_000L, true, false, true, true, List.of("latin", "cjk"), "openai/gpt-4.1"),
            new AutoRule("long", 100_001L, null, null, null, null, null, List.of(), "smart"),
            new AutoRule("everything-else", null, null, null, null, null, null, List.of(), "cheap")),
            "openai/gpt-4o-mini", new ProviderPreferences.MaxPrice(5_000_000L, 20_000_000L))));
  }

  @Test
  void absentRoutingIsTheDefaults() {
    assertThat(parse("").routing()).isEqualTo(DEFAULTS);
    assertThat(parse("routing:\n").routing()).isEqualTo(DEFAULTS);
    assertThat(parse("routing: {}\n").routing()).isEqualTo(DEFAULTS);
    assertThat(ConfigLoader.defaults(Map.of()).routing()).isEqualTo(DEFAULTS);
    assertThat(ConfigLoader.defaults(Map.of("OPENAI_API_KEY", "sk")).routing()).isEqualTo(DEFAULTS);
    assertThat(DEFAULTS).as("the old three-duration constructor means the same")
        .isEqualTo(new RoutingSettings(Duration.ofSeconds(5), Duration.ofSeconds(120), Duration.ofSeconds(60)));
  }

  @Test
  void aliasFieldsLeftOutTakeTheDefaults() {
    SluiceConfig c = parse(PROVIDERS + """
        models:
          - name: smart
            deployments: [openai/gpt-4o, { model: groq/llama-3.3-70b-versatile, weight: 2 }]
        """);
    assertThat(c.models()).singleElement().isEqualTo(new ModelAlias("smart", Strategy.WEIGHTED, List.of(
        new ModelAlias.Deployment("openai/gpt-4o", 1, 0, null, Capabilities.ALL, false, null, null, null),
        new ModelAlias.Deployment("groq/llama-3.3-70b-versatile", 2)), List.of(), false));
  }

  @Test
  void everyStrategyNameBinds() {
    for (Strategy s : Strategy.values()) {
      SluiceConfig c = parse(PROVIDERS + "models: [{ name: m, strategy: " + s.configName()
          + ", deployments: [openai/gpt-4o] }]\n");
      assertThat(c.models().get(0).strategy()).isEqualTo(s);
    }
    assertThat(parse(PROVIDERS + "models: [{ name: m, strategy: Round_Robin, deployments: [openai/gpt-4o] }]\n")
        .models().get(0).strategy()).isEqualTo(Strategy.ROUND_ROBIN);
  }

  @Test
  void partialSectionsKeepTheOtherDefaults() {
    RoutingSettings r = parse("""
        routing:
          backoff: { max: 30s }
          circuit_breaker: { open_for: 5s }
          provider: { sort: price, max_price: { completion: "2.5" } }
        """).routing();
    assertThat(r.backoffBase()).isEqualTo(RoutingSettings.DEFAULT_BACKOFF_BASE);
    assertThat(r.backoffMax()).isEqualTo(Duration.ofSeconds(30));
    assertThat(r.circuit()).isEqualTo(new CircuitSettings(5, Duration.ofSeconds(5), 1));
    assertThat(r.providerDefaults()).isEqualTo(new ProviderPreferences(List.of(), List.of(), List.of(), true,
        ProviderPreferences.Sort.PRICE, new ProviderPreferences.MaxPrice(null, 2_500_000L), false, false));
    assertThat(r.healthCheckInterval()).isNull();
    assertThat(r.auto()).isNull();
    assertThat(parse("routing: { retries: 0 }\n").routing().retries()).isZero();
    assertThat(parse("routing: { provider: { data_collection: allow, max_price: {} } }\n").routing()
        .providerDefaults()).isEqualTo(ProviderPreferences.NONE);
  }

  @Test
  void autoWithOnlyADefaultHasNoRules() {
    AutoRouterSettings auto = parse(PROVIDERS + "routing: { auto: { default: openai/gpt-4o-mini } }\n")
        .routing().auto();
    assertThat(auto).isEqualTo(new AutoRouterSettings(List.of(), "openai/gpt-4o-mini", null));
  }

  @Test
  void booleansMayComeFromTheEnvironment() {
    SluiceConfig c = parse(PROVIDERS + """
        models:
          - name: m
            deployments: [{ model: openai/gpt-4o, zero_retention: "${ZDR}", capabilities: { images: "FALSE" } }]
            mid_stream_continuation: "${CONTINUE:-}"
        """, Map.of("ZDR", "true"));
    ModelAlias.Deployment d = c.models().get(0).deployments().get(0);
    assertThat(d.zeroRetention()).isTrue();
    assertThat(d.capabilities()).isEqualTo(new Capabilities(true, true, false));
    assertThat(c.models().get(0).midStreamContinuation()).as("blank means the default").isFalse();
  }

  @Test
  void pricesAreExactMicroDollars() {
    SluiceConfig c = parse(PROVIDERS + """
        models:
          - name: m
            deployments:
              - { model: openai/a, price: { input: "0.15", output: "0.000001" } }
              - { model: openai/b, price: { input: 0.1, output: 1234.567891 } }
              - { model: openai/c, price: { input: 0, output: "7" } }
        """);
    assertThat(c.models().get(0).deployments()).extracting(ModelAlias.Deployment::price).containsExactly(
        new Price(150_000, 1), new Price(100_000, 1_234_567_891), new Price(0, 7_000_000));
  }
}
