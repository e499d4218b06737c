package dev.sluice.core.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelRoutesTest {
  private final ModelRoutes routes = new ModelRoutes(
      Set.of("openai", "openrouter"),
      Map.of("smart", List.of(new Deployment("openai", "gpt-4o", 3), new Deployment("openrouter", "x/y", 1))));

  @Test
  void providerPrefixedNamesGoToThatProviderWithTheRestAsModel() {
    assertThat(routes.resolve("openai/gpt-4o-mini", new Random(1)))
        .contains(new Deployment("openai", "gpt-4o-mini", 1));
    assertThat(routes.resolve("openrouter/meta-llama/llama-3.3-70b", new Random(1)))
        .contains(new Deployment("openrouter", "meta-llama/llama-3.3-70b", 1));
  }

  @Test
  void unknownProvidersAndBareNamesResolveToNothing() {
    assertThat(routes.resolve("anthropic/claude", new Random(1))).isEmpty();
    assertThat(routes.resolve("gpt-4o", new Random(1))).isEmpty();
    assertThat(routes.resolve("openai/", new Random(1))).isEmpty();
    assertThat(routes.resolve("/gpt-4o", new Random(1))).isEmpty();
  }

  @Test
  void aliasesSplitTrafficByWeight() {
    Random random = new Random(42);
    int toOpenAi = 0;
    for (int i = 0; i < 4000; i++) {
      if (routes.resolve("smart", random).orElseThrow().provider().equals("openai")) {
        toOpenAi++;
      }
    }
    assertThat(toOpenAi).isBetween(2850, 3150); // 3:1 weights, about 3000 of 4000
  }

  @Test
  void modelRefSplitsOnlyAtTheFirstSlash() {
    assertThat(ModelRef.parseOrNull("a/b/c")).isEqualTo(new ModelRef("a", "b/c"));
    assertThat(ModelRef.parseOrNull("plain")).isNull();
  }
}
