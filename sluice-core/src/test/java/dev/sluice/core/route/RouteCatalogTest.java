package dev.sluice.core.route;

import static dev.sluice.core.route.Specs.dep;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.price.Price;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteCatalogTest {
  private final VirtualModel smart = new VirtualModel("smart", Strategy.PRIORITY,
      List.of(dep("openai/gpt-4o"), dep("anthropic/claude")), List.of("openai/gpt-4o-mini"), true);
  private final RouteCatalog catalog = new RouteCatalog(Set.of("openai", "anthropic", "openrouter"),
      Map.of("smart", smart, "openai/gpt-5", smart),
      (provider, model) -> DeploymentSpec.of(provider, model, new Price(1, 2), 1000));

  @Test
  void aliasesResolveToTheirVirtualModel() {
    assertThat(catalog.resolve("smart")).contains(smart);
  }

  @Test
  void aliasesWinOverAProviderPrefix() {
    assertThat(catalog.resolve("openai/gpt-5")).contains(smart);
  }

  @Test
  void providerSlashModelIsAOneDeploymentWeightedModelNamedAsRequested() {
    VirtualModel m = catalog.resolve("openai/gpt-4o-mini").orElseThrow();
    assertThat(m.name()).isEqualTo("openai/gpt-4o-mini");
    assertThat(m.strategy()).isEqualTo(Strategy.WEIGHTED);
    assertThat(m.fallbacks()).isEmpty();
    assertThat(m.midStreamContinuation()).isFalse();
    assertThat(m.deployments()).containsExactly(DeploymentSpec.of("openai", "gpt-4o-mini", new Price(1, 2), 1000));
  }

  @Test
  void onlyTheFirstSlashSplits() {
    DeploymentSpec d = catalog.resolve("openrouter/meta-llama/llama-3.3-70b").orElseThrow().deployments().get(0);
    assertThat(d.provider()).isEqualTo("openrouter");
    assertThat(d.model()).isEqualTo("meta-llama/llama-3.3-70b");
  }

  @Test
  void unknownProvidersBareNamesAndEmptyHalvesResolveToNothing() {
    assertThat(catalog.resolve("mistral/large")).isEmpty();
    assertThat(catalog.resolve("gpt-4o")).isEmpty();
    assertThat(catalog.resolve("openai/")).isEmpty();
    assertThat(catalog.resolve("/gpt-4o")).isEmpty();
  }

  @Test
  void knowsItsProviders() {
    assertThat(catalog.hasProvider("openai")).isTrue();
    assertThat(catalog.hasProvider("mistral")).isFalse();
    assertThat(catalog.providers()).containsExactlyInAnyOrder("openai", "anthropic", "openrouter");
  }
}
