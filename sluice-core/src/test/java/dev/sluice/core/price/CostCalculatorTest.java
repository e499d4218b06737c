package dev.sluice.core.price;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.catalog.ModelCatalog;
import dev.sluice.core.model.Usage;
import dev.sluice.core.model.UsageSource;
import org.junit.jupiter.api.Test;

/**
 * Golden costs, worked by hand from each provider's published formula (rates from the bundled catalog, so a
 * catalog edit that changes a bill shows up here). N tokens at $X per million cost N·X/10^6 dollars, i.e.
 * N·X·1000 nano-dollars: 4,000 tokens at $2.50/M = $0.01 = 10,000,000 nanos.
 */
class CostCalculatorTest {
  private static final ModelCatalog CATALOG = ModelCatalog.bundled();

  private static Usage usage(long input, long cacheRead, long cacheWrite, long output, long reasoning) {
    return new Usage(input, cacheRead, cacheWrite, output, reasoning, UsageSource.REPORTED);
  }

  private static Price catalog(String model) {
    return CATALOG.find(model).orElseThrow().price();
  }

  @Test
  void openAiGpt4oCachedInputAtHalfPrice() {
    // gpt-4o: $2.50/M input, $1.25/M cached input (50% off), $10.00/M output.
    // prompt_tokens 10,000 of which cached_tokens 6,000; completion_tokens 500.
    //   uncached 4,000 × $2.50/M = $0.0100
    //   cached   6,000 × $1.25/M = $0.0075
    //   output     500 × $10/M   = $0.0050
    //   total                      $0.0225 = 22,500,000 nanos
    Cost cost = CostCalculator.of(catalog("gpt-4o"), usage(10_000, 6_000, 0, 500, 0), 0);
    assertThat(cost).isEqualTo(Cost.priced(22_500_000));
    assertThat(Money.usd(cost.nanos())).isEqualTo("0.022500000");
  }

  @Test
  void openAiGpt41CachedInputAtQuarterPrice() {
    // gpt-4.1: $2.00/M input, $0.50/M cached (75% off), $8.00/M output.
    // prompt 20,000 with 16,000 cached; completion 1,000.
    //   4,000 × $2/M = $0.008; 16,000 × $0.50/M = $0.008; 1,000 × $8/M = $0.008; total $0.024
    assertThat(CostCalculator.of(catalog("gpt-4.1"), usage(20_000, 16_000, 0, 1_000, 0), 0))
        .isEqualTo(Cost.priced(24_000_000));
  }

  @Test
  void openAiReasoningTokensBillAsOutput() {
    // o3-mini: $1.10/M input, $4.40/M output; reasoning_tokens are part of completion_tokens and billed
    // as output. prompt 1,000; completion 3,000 of which reasoning 2,500.
    //   1,000 × $1.10/M = $0.0011; 3,000 × $4.40/M = $0.0132; total $0.0143
    assertThat(CostCalculator.of(catalog("o3-mini"), usage(1_000, 0, 0, 3_000, 2_500), 0))
        .isEqualTo(Cost.priced(14_300_000));
  }

  @Test
  void anthropicCacheWritesAtOneAndAQuarterAndReadsAtATenth() {
    // claude-sonnet-4: $3/M input, $3.75/M 5-minute cache write (1.25×), $0.30/M cache hit (0.1×), $15/M output.
    // Anthropic's wire usage: input_tokens 2,000 (EXCLUDES cache tokens), cache_creation_input_tokens
    // 10,000, cache_read_input_tokens 40,000, output_tokens 800. The codec adds them up, so
    // Usage.inputTokens = 2,000 + 10,000 + 40,000 = 52,000.
    //   2,000 × $3/M    = $0.0060
    //  10,000 × $3.75/M = $0.0375
    //  40,000 × $0.30/M = $0.0120
    //     800 × $15/M   = $0.0120
    //   total             $0.0675 = 67,500,000 nanos
    Usage u = usage(2_000 + 10_000 + 40_000, 40_000, 10_000, 800, 0);
    assertThat(CostCalculator.of(catalog("claude-sonnet-4"), u, 0)).isEqualTo(Cost.priced(67_500_000));
    assertThat(CostCalculator.of(catalog("claude-sonnet-4-20250514"), u, 0)).as("a dated alias bills the same")
        .isEqualTo(Cost.priced(67_500_000));
  }

  @Test
  void anthropicHaikuSmallNumbers() {
    // claude-3-5-haiku: $0.80/M input, $1.00/M cache write, $0.08/M cache read, $4/M output.
    // input_tokens 7, cache_creation 1,500, cache_read 0, output 41 → Usage.inputTokens 1,507.
    //   7 × $0.80/M = 5,600 nanos; 1,500 × $1/M = 1,500,000; 41 × $4/M = 164,000; total 1,669,600
    assertThat(CostCalculator.of(catalog("claude-3-5-haiku"), usage(1_507, 0, 1_500, 41, 0), 0))
        .isEqualTo(Cost.priced(1_669_600));
  }

  @Test
  void geminiThinkingTokensBillAtTheOutputPrice() {
    // gemini-2.5-flash: $0.30/M input, $0.03/M cached, $2.50/M output including thinking.
    // usageMetadata: promptTokenCount 12,000 (INCLUDES cachedContentTokenCount 8,000), candidatesTokenCount
    // 400, thoughtsTokenCount 1,600 (NOT inside candidates). The codec maps outputTokens = 400 + 1,600.
    //   4,000 × $0.30/M = $0.00120
    //   8,000 × $0.03/M = $0.00024
    //   2,000 × $2.50/M = $0.00500
    //   total             $0.00644 = 6,440,000 nanos
    assertThat(CostCalculator.of(catalog("gemini-2.5-flash"), usage(12_000, 8_000, 0, 400 + 1_600, 1_600), 0))
        .isEqualTo(Cost.priced(6_440_000));
  }

  @Test
  void gemini25ProUpTo200kTokens() {
    // gemini-2.5-pro, prompts ≤ 200k: $1.25/M input, $0.125/M cached, $10/M output (thinking included).
    // prompt 100,000 with 60,000 cached; candidates 2,000 + thoughts 3,000.
    //   40,000 × $1.25/M = $0.0500; 60,000 × $0.125/M = $0.0075; 5,000 × $10/M = $0.0500; total $0.1075
    assertThat(CostCalculator.of(catalog("gemini-2.5-pro"), usage(100_000, 60_000, 0, 5_000, 3_000), 0))
        .isEqualTo(Cost.priced(107_500_000));
  }

  @Test
  void aSeparateReasoningPriceAppliesOnlyToReasoningTokens() {
    // Gemini 2.5 Flash preview billed thinking apart: $0.15/M input, $0.60/M output, $3.50/M thinking.
    // input 1,000; output 2,000 of which reasoning 1,500.
    //   1,000 × $0.15/M = 150,000; 500 × $0.60/M = 300,000; 1,500 × $3.50/M = 5,250,000; total 5,700,000
    Price preview = new Price(150_000, 600_000, null, null, 3_500_000L, 0, 0);
    assertThat(CostCalculator.of(preview, usage(1_000, 0, 0, 2_000, 1_500), 0)).isEqualTo(Cost.priced(5_700_000));
  }

  @Test
  void deepSeekCacheHitPrice() {
    // deepseek-chat (V3.2): $0.28/M cache miss, $0.028/M cache hit, $0.42/M output.
    // prompt_tokens 50,000 = prompt_cache_hit_tokens 45,000 + prompt_cache_miss_tokens 5,000; completion 1,000.
    //   45,000 × $0.028/M = $0.00126; 5,000 × $0.28/M = $0.00140; 1,000 × $0.42/M = $0.00042; total $0.00308
    assertThat(CostCalculator.of(catalog("deepseek-chat"), usage(50_000, 45_000, 0, 1_000, 0), 0))
        .isEqualTo(Cost.priced(3_080_000));
    // deepseek-reasoner: the chain of thought is inside completion_tokens, priced as output
    assertThat(CostCalculator.of(catalog("deepseek-reasoner"), usage(50_000, 45_000, 0, 1_000, 900), 0))
        .isEqualTo(Cost.priced(3_080_000));
  }

  @Test
  void perRequestAndPerImageFees() {
    // $0.005 per request and $0.04 per image, no token price: 3 images = $0.005 + $0.12 = $0.125
    Price perItem = new Price(0, 0, null, null, null, 5_000, 40_000);
    assertThat(CostCalculator.of(perItem, Usage.NONE, 3)).isEqualTo(Cost.priced(125_000_000));
    assertThat(CostCalculator.of(perItem, Usage.NONE, 0)).isEqualTo(Cost.priced(5_000_000));
    assertThat(CostCalculator.of(perItem, Usage.NONE, -2)).as("negative counts clamp to 0")
        .isEqualTo(Cost.priced(5_000_000));
    // with tokens too: gpt-4o-mini rates + the same fees, 1,000 in / 100 out = 150,000 + 60,000 nanos
    Price mixed = new Price(150_000, 600_000, null, null, null, 5_000, 40_000);
    assertThat(CostCalculator.of(mixed, usage(1_000, 0, 0, 100, 0), 1))
        .isEqualTo(Cost.priced(150_000 + 60_000 + 5_000_000 + 40_000_000));
  }

  @Test
  void embeddingsBillInputOnly() {
    // text-embedding-3-small: $0.02/M; 8,000 tokens = $0.00016
    assertThat(CostCalculator.of(catalog("text-embedding-3-small"), usage(8_000, 0, 0, 0, 0), 0))
        .isEqualTo(Cost.priced(160_000));
  }

  @Test
  void anUnknownPriceIsUnpricedNotFree() {
    assertThat(CostCalculator.of(null, usage(1_000, 0, 0, 10, 0), 0)).isEqualTo(Cost.UNPRICED);
    assertThat(Cost.UNPRICED.priced()).isFalse();
    assertThat(CATALOG.find("some-new-model")).isEmpty();
    assertThatThrownBy(() -> CostCalculator.worstCaseNanos(null, 10, 10)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void inconsistentUsageNeverGoesNegative() {
    // cache counts above the total (a buggy upstream): uncached input clamps to 0, the cache terms still bill
    Price p = new Price(1_000_000, 2_000_000, 100_000L, null, null, 0, 0);
    assertThat(CostCalculator.of(p, usage(10, 50, 0, 5, 9), 0))
        .isEqualTo(Cost.priced(Money.nanosForTokens(50, 100_000) + Money.nanosForTokens(9, 2_000_000)));
  }

  @Test
  void worstCaseTakesTheDearestRates() {
    // gpt-4o: 1,000 prompt at $2.50/M + 500 max output at $10/M = 2,500,000 + 5,000,000
    assertThat(CostCalculator.worstCaseNanos(catalog("gpt-4o"), 1_000, 500)).isEqualTo(7_500_000);
    // claude-sonnet-4: a cache write ($3.75/M) is dearer than input ($3/M), so the reservation uses it:
    // 10,000 × $3.75/M = 37,500,000; 1,000 × $15/M = 15,000,000
    assertThat(CostCalculator.worstCaseNanos(catalog("claude-sonnet-4"), 10_000, 1_000)).isEqualTo(52_500_000);
    // a dearer reasoning rate bounds the output; the per-request fee is added
    Price p = new Price(150_000, 600_000, null, null, 3_500_000L, 5_000, 40_000);
    assertThat(CostCalculator.worstCaseNanos(p, 1_000, 2_000)).isEqualTo(150_000 + 7_000_000 + 5_000_000);
    assertThat(CostCalculator.worstCaseNanos(p, -5, -5)).isEqualTo(5_000_000);
    // a rate that is not a whole nano per token: of() rounds up to five terms, so the worst case adds slack.
    // 1 uncached + 1 cached token at 1,500 micros/MTok (1.5 nanos/token) cost 2 + 2 = 4 nanos; 2 × 1.5 = 3.
    Price odd = new Price(1_500, 0, 1_500L, null, null, 0, 0);
    assertThat(CostCalculator.of(odd, usage(2, 1, 0, 0, 0), 0).nanos()).isEqualTo(4);
    assertThat(CostCalculator.worstCaseNanos(odd, 2, 0)).isEqualTo(3 + 2);
  }

  @Test
  void costIsValidated() {
    assertThatThrownBy(() -> new Cost(-1, true)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Cost(1, false)).isInstanceOf(IllegalArgumentException.class);
  }
}
