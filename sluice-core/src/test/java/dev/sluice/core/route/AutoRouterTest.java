package dev.sluice.core.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.price.Price;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AutoRouterTest {
  private static final Map<String, Price> PRICES = Map.of(
      "anthropic/opus", new Price(15_000_000, 75_000_000),
      "openai/gpt-4.1", new Price(2_000_000, 8_000_000),
      "openai/mini", new Price(150_000, 600_000),
      "openai/o3", new Price(2_000_000, 8_000_000));

  private static AutoRule rule(String name, Long min, Long max, Boolean code, Boolean images, Boolean tools,
      Boolean reasoning, List<String> scripts, String model) {
    return new AutoRule(name, min, max, code, images, tools, reasoning, scripts, model);
  }

  private static final List<AutoRule> RULES = List.of(
      rule("premium", 50_000L, null, null, null, null, null, null, "anthropic/opus"),
      rule("mystery", null, null, null, true, null, null, null, "vendor/unknown"),
      rule("coding", null, null, true, null, null, null, null, "openai/gpt-4.1"),
      rule("thinking", null, null, null, null, null, true, null, "openai/o3"),
      rule("agent", null, null, null, null, true, null, null, "openai/gpt-4.1"),
      rule("cjk-short", null, 2_000L, null, null, null, null, List.of("cjk"), "qwen/qwen-max"),
      rule("short", null, 500L, false, null, null, false, List.of(), "openai/mini"));

  private static AutoRouter router(ProviderPreferences.MaxPrice ceiling) {
    return new AutoRouter(new AutoRouterSettings(RULES, "openai/default", ceiling),
        model -> Optional.ofNullable(PRICES.get(model)));
  }

  private static PromptFeatures features(long tokens, boolean code, boolean images, boolean tools, boolean reasoning,
      String script) {
    return new PromptFeatures(tokens, code, images, tools, reasoning, script);
  }

  @Test
  void theFirstMatchingRuleWinsAndExplainsItself() {
    AutoChoice choice = router(null).choose(features(1234, true, false, false, true, "latin"));
    assertThat(choice.model()).isEqualTo("openai/gpt-4.1");
    assertThat(choice.rule()).isEqualTo("coding"); // "thinking" matches too but comes later
    assertThat(choice.explanation()).isEqualTo(
        "auto: tokens=1234 code=true images=false tools=false reasoning=true script=latin; "
            + "rule \"coding\" -> openai/gpt-4.1");
  }

  @Test
  void eachConditionSelects() {
    AutoRouter router = router(null);
    assertThat(router.choose(features(60_000, false, false, false, false, "latin")).rule()).isEqualTo("premium");
    assertThat(router.choose(features(10, false, true, false, false, "latin")).rule()).isEqualTo("mystery");
    assertThat(router.choose(features(10, false, false, false, true, "latin")).rule()).isEqualTo("thinking");
    assertThat(router.choose(features(10, false, false, true, false, "latin")).rule()).isEqualTo("agent");
    assertThat(router.choose(features(1_500, false, false, false, false, "cjk")).rule()).isEqualTo("cjk-short");
    assertThat(router.choose(features(2_500, false, false, false, false, "cjk")).rule()).isEqualTo("default");
    assertThat(router.choose(features(500, false, false, false, false, "latin")).rule()).isEqualTo("short");
    assertThat(router.choose(features(501, false, false, false, false, "latin")).rule()).isEqualTo("default");
  }

  @Test
  void theDefaultTakesWhatNoRuleMatches() {
    AutoChoice choice = router(null).choose(features(900, false, false, false, false, "cyrillic"));
    assertThat(choice).isEqualTo(new AutoChoice("openai/default", "default",
        "auto: tokens=900 code=false images=false tools=false reasoning=false script=cyrillic; "
            + "default -> openai/default"));
  }

  @Test
  void rulesAboveTheCeilingOrUnpricedAreSkippedAndSaidSo() {
    AutoRouter capped = router(new ProviderPreferences.MaxPrice(3_000_000L, 10_000_000L));
    AutoChoice choice = capped.choose(features(60_000, true, true, false, false, "latin"));
    assertThat(choice.model()).isEqualTo("openai/gpt-4.1");
    assertThat(choice.explanation()).isEqualTo(
        "auto: tokens=60000 code=true images=true tools=false reasoning=false script=latin; "
            + "rule \"coding\" -> openai/gpt-4.1; skipped \"premium\" (price above ceiling); "
            + "skipped \"mystery\" (unknown price, ceiling set)");
  }

  @Test
  void whenEveryMatchIsTooDearTheDefaultServes() {
    AutoRouter capped = router(new ProviderPreferences.MaxPrice(100_000L, null));
    AutoChoice choice = capped.choose(features(10, false, false, false, true, "latin"));
    assertThat(choice.rule()).isEqualTo("default");
    assertThat(choice.explanation()).endsWith("default -> openai/default; skipped \"thinking\" (price above ceiling)");
  }

  @Test
  void sameFeaturesSameChoice() {
    PromptFeatures f = features(777, false, false, true, false, "latin");
    assertThat(router(null).choose(f)).isEqualTo(router(null).choose(f));
  }

  @Test
  void answersToBothNames() {
    assertThat(AutoRouter.NAMES).containsExactlyInAnyOrder("sluice/auto", "auto");
  }
}
