package dev.sluice.server.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.config.ConfigLoader;
import dev.sluice.server.config.ModelAlias;
import dev.sluice.server.config.SluiceConfig;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class KnownModelsTest {

  @Test
  void withoutProvidersTheDemoProvidersModelsAreKnown() {
    Predicate<String> known = KnownModels.from(ConfigLoader.defaults(Map.of()));
    assertThat(known).accepts("demo/gpt-4o-mini").rejects("openai/gpt-4o", "gpt-4o-mini", "demo/", "/x");
  }

  @Test
  void aliasesAndModelsOfConfiguredProvidersAreKnown() {
    SluiceConfig defaults = ConfigLoader.defaults(Map.of());
    SluiceConfig config = new SluiceConfig(defaults.source(), defaults.server(), defaults.store(),
        List.of(), List.of(new ModelAlias("smart", List.of(new ModelAlias.Deployment("demo/gpt-4o-mini", 1)))),
        defaults.routing());
    assertThat(KnownModels.from(config)).accepts("smart", "demo/anything").rejects("smarter", "openai/gpt-4o");
  }
}
