package dev.sluice.core.catalog;

import dev.sluice.core.price.Price;

/**
 * What the bundled catalog knows of one model. Token prices are integer micro-dollars per million tokens,
 * per-request and per-image fees micro-dollars per item (never floating point). A null input price means
 * unknown, which is not the same as free; a null output price on a model with an input price means it bills
 * input only (embeddings).
 *
 * @param model the provider's own model name (the catalog also finds it under its aliases)
 * @param providerFamily who serves it: {@code openai}, {@code anthropic}, {@code google}, {@code mistral},
 *     {@code deepseek}, {@code cohere}, {@code groq}, {@code xai}; null when not given
 */
public record ModelInfo(
    String model,
    String providerFamily,
    Integer contextLength,
    Long inputMicrosPerMTok,
    Long cachedInputMicrosPerMTok,
    Long cacheWriteMicrosPerMTok,
    Long outputMicrosPerMTok,
    Long reasoningMicrosPerMTok,
    Long perRequestMicros,
    Long perImageMicros) {

  /** The billing price, or null when the input price is unknown (an unpriced model, never a free one). */
  public Price price() {
    if (inputMicrosPerMTok == null) {
      return null;
    }
    return new Price(inputMicrosPerMTok, zeroIfNull(outputMicrosPerMTok), cachedInputMicrosPerMTok,
        cacheWriteMicrosPerMTok, reasoningMicrosPerMTok, zeroIfNull(perRequestMicros), zeroIfNull(perImageMicros));
  }

  private static long zeroIfNull(Long v) {
    return v == null ? 0 : v;
  }
}
