package dev.sluice.server.config;

import static dev.sluice.server.config.ConfigTestSupport.onlyProblem;
import static dev.sluice.server.config.ConfigTestSupport.parse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.price.Price;
import org.junit.jupiter.api.Test;

/** A deployment's price: block takes the billing rates too (cache reads and writes, reasoning, fees). */
class PriceConfigTest {

  private static final String PROVIDERS = """
      providers:
        - { name: openai, preset: openai }
        - { name: groq, preset: groq }
      """;

  private static Price priceOf(String priceBlock) {
    SluiceConfig c = parse(PROVIDERS + "models:\n  - name: m\n    deployments:\n      - { model: openai/x, price: "
        + priceBlock + " }\n");
    return c.models().get(0).deployments().get(0).price();
  }

  @Test
  void everyBillingRateIsReadExactly() {
    assertThat(priceOf("""
        { input: "3.00", output: "15.00", cached_input: "0.30", cache_write: "3.75", reasoning: 20,
          per_request: "0.005", per_image: 0.04 }""".replace("\n", " ")))
        .isEqualTo(new Price(3_000_000, 15_000_000, 300_000L, 3_750_000L, 20_000_000L, 5_000, 40_000));
  }

  @Test
  void leftOutRatesFallBackToInputAndOutput() {
    Price p = priceOf("{ input: \"3\", output: \"15\", cached_input: \"0.3\" }");
    assertThat(p).isEqualTo(new Price(3_000_000, 15_000_000, 300_000L, null, null, 0, 0));
    assertThat(p.cacheWriteRate()).isEqualTo(3_000_000);
    assertThat(p.reasoningRate()).isEqualTo(15_000_000);
    assertThat(priceOf("{ input: 1, output: 2 }")).isEqualTo(new Price(1_000_000, 2_000_000));
  }

  @Test
  void theSameDecimalRulesApplyToTheNewKeys() {
    String prefix = PROVIDERS + "models: [{ name: m, deployments: [{ model: openai/x, price: { input: 1, output: 1, ";
    String at = "models[0].deployments[0].price.";
    onlyProblem(prefix + "cached_input: \"-0.1\" } }] }]\n", at + "cached_input", "is negative");
    onlyProblem(prefix + "cache_write: \"0.0000001\" } }] }]\n", at + "cache_write", "more than 6 decimal places");
    onlyProblem(prefix + "reasoning: \"abc\" } }] }]\n", at + "reasoning", "is not a price");
    ConfigProblem perImage = onlyProblem(prefix + "per_image: \"100001\" } }] }]\n", at + "per_image", "too large");
    assertThat(perImage.message()).contains("dollars each");
    assertThat(perImage.fix()).contains("\"0.04\"");
    onlyProblem(prefix + "per_request: -1 } }] }]\n", at + "per_request", "is negative");
    onlyProblem(prefix + "per_token: 1 } }] }]\n", at + "per_token", "unknown key");
  }
}
