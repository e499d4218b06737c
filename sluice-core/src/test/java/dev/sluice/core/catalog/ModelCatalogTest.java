package dev.sluice.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModelCatalogTest {

  @Test
  void bundledCatalogKnowsPricesAndContextWindowsInMicroDollars() {
    ModelCatalog catalog = ModelCatalog.bundled();
    ModelInfo mini = catalog.find("gpt-4o-mini").orElseThrow();
    assertThat(mini.contextLength()).isEqualTo(128_000);
    assertThat(mini.inputMicrosPerMTok()).isEqualTo(150_000L); // $0.15 per million input tokens
    assertThat(mini.outputMicrosPerMTok()).isEqualTo(600_000L);
    assertThat(catalog.find("text-embedding-3-small").orElseThrow().outputMicrosPerMTok()).isNull();
    assertThat(catalog.find("no-such-model")).isEmpty();
    assertThat(catalog.version()).isNotBlank();
  }
}
