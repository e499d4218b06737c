package dev.sluice.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.price.Price;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {
  private static final ModelCatalog CATALOG = ModelCatalog.bundled();

  @Test
  void bundledCatalogKnowsPricesAndContextWindowsInMicroDollars() {
    ModelInfo mini = CATALOG.find("gpt-4o-mini").orElseThrow();
    assertThat(mini.contextLength()).isEqualTo(128_000);
    assertThat(mini.inputMicrosPerMTok()).isEqualTo(150_000L); // $0.15 per million input tokens
    assertThat(mini.outputMicrosPerMTok()).isEqualTo(600_000L);
    assertThat(mini.providerFamily()).isEqualTo("openai");
    assertThat(mini.price()).isEqualTo(new Price(150_000, 600_000, 75_000L, null, null, 0, 0));
    assertThat(CATALOG.find("text-embedding-3-small").orElseThrow().outputMicrosPerMTok()).isNull();
    assertThat(CATALOG.find("text-embedding-3-small").orElseThrow().price()).isEqualTo(new Price(20_000, 0));
    assertThat(CATALOG.find("no-such-model")).isEmpty();
    assertThat(CATALOG.find(null)).isEmpty();
    assertThat(CATALOG.version()).isEqualTo("2026-11-25");
  }

  @Test
  void coversTheMajorModelsOfEverySupportedProvider() {
    List<String> models = List.of("gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "o3", "o3-mini",
        "o4-mini", "text-embedding-3-small", "text-embedding-3-large", "claude-opus-4-1", "claude-opus-4",
        "claude-sonnet-4", "claude-3-7-sonnet", "claude-3-5-haiku", "gemini-2.5-pro", "gemini-2.5-flash",
        "gemini-2.0-flash", "mistral-large-latest", "mistral-small-latest", "deepseek-chat", "deepseek-reasoner",
        "command-r-plus", "command-r", "command-a", "llama-3.3-70b-versatile", "llama-3.1-8b-instant", "grok-3",
        "grok-3-mini");
    for (String model : models) {
      ModelInfo info = CATALOG.find(model).orElseThrow(() -> new AssertionError(model + " missing"));
      assertThat(info.price()).as(model).isNotNull();
      assertThat(info.contextLength()).as(model).isPositive();
      assertThat(info.providerFamily()).as(model).isNotBlank();
      if (!model.startsWith("text-embedding")) {
        assertThat(info.outputMicrosPerMTok()).as(model).isPositive();
      }
    }
    assertThat(CATALOG.size()).isGreaterThanOrEqualTo(models.size());
  }

  @Test
  void anthropicEntriesCarryCacheWriteAndReadAtTheirMultiples() {
    for (String model : List.of("claude-opus-4-1", "claude-opus-4", "claude-sonnet-4", "claude-3-7-sonnet",
        "claude-3-5-haiku")) {
      Price p = CATALOG.find(model).orElseThrow().price();
      assertThat(p.cacheWriteRate() * 4).as(model + ": write = 1.25 × input").isEqualTo(p.inputMicrosPerMTok() * 5);
      assertThat(p.cachedInputRate() * 10).as(model + ": read = 0.1 × input").isEqualTo(p.inputMicrosPerMTok());
    }
  }

  @Test
  void cachedRatesNeverExceedTheInputRate() {
    for (String model : List.of("gpt-4o", "gpt-4.1", "o3", "o4-mini", "gemini-2.5-pro", "deepseek-chat", "grok-3")) {
      Price p = CATALOG.find(model).orElseThrow().price();
      assertThat(p.cachedInputRate()).as(model).isLessThan(p.inputMicrosPerMTok());
    }
  }

  @Test
  void aliasesFindTheSameEntry() {
    assertThat(CATALOG.find("claude-sonnet-4-20250514")).isEqualTo(CATALOG.find("claude-sonnet-4"));
    assertThat(CATALOG.find("claude-3-5-haiku-latest").orElseThrow().model()).isEqualTo("claude-3-5-haiku");
    assertThat(CATALOG.find("gpt-4o-2024-08-06").orElseThrow().model()).isEqualTo("gpt-4o");
    assertThat(CATALOG.find("command-a").orElseThrow().model()).isEqualTo("command-a-03-2025");
  }

  @Test
  void readsEveryPriceField() throws Exception {
    ModelCatalog c = ModelCatalog.parse(new ObjectMapper().readTree("""
        {"version": "v1", "models": [
          {"model": "m", "provider_family": "x", "context_length": 10, "input": 1, "cached_input": 2,
           "cache_write": 3, "output": 4, "reasoning": 5, "per_request": 6, "per_image": 7, "aliases": ["m2"]},
          {"model": "unpriced", "context_length": 5}
        ]}"""));
    assertThat(c.find("m2").orElseThrow().price()).isEqualTo(new Price(1, 4, 2L, 3L, 5L, 6, 7));
    assertThat(c.find("unpriced").orElseThrow().price()).as("unknown input price: unpriced, not free").isNull();
    assertThat(c.size()).isEqualTo(2);
  }

  @Test
  void aBrokenCatalogFailsLoudly() {
    ObjectMapper json = new ObjectMapper();
    assertThatThrownBy(() -> ModelCatalog.parse(json.readTree("{\"models\": [{\"model\": \"a\", \"input\": 1.5}]}")))
        .hasMessageContaining("whole number");
    assertThatThrownBy(() -> ModelCatalog.parse(json.readTree("{\"models\": [{\"model\": \"a\", \"input\": -1}]}")))
        .hasMessageContaining("whole number");
    assertThatThrownBy(() -> ModelCatalog.parse(json.readTree("{\"models\": [{\"model\": \"a\"}, {\"model\": \"b\","
        + " \"aliases\": [\"a\"]}]}"))).hasMessageContaining("twice");
    assertThatThrownBy(() -> ModelCatalog.parse(json.readTree("{\"models\": [{\"input\": 1}]}")))
        .hasMessageContaining("without a model name");
  }
}
