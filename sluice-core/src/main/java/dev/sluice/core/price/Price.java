package dev.sluice.core.price;

/**
 * A model's list price, in integer micro-dollars (1e-6 USD), never floating point. Token rates are per million
 * tokens ({@code 2_500_000} = $2.50 per million); {@code perRequestMicros} and {@code perImageMicros} are per
 * item. The router compares and ranks these; {@link CostCalculator} bills with them.
 *
 * <p>Which tokens each rate applies to follows {@link dev.sluice.core.model.Usage}: cache reads and writes
 * are parts of the input, reasoning is part of the output. A null cache or reasoning rate means "billed like
 * the plain input (or output)", which is what a provider without that feature charges.
 *
 * @param inputMicrosPerMTok prompt tokens neither read from nor written to a cache
 * @param outputMicrosPerMTok generated tokens other than reasoning
 * @param cachedInputMicrosPerMTok prompt tokens read from the cache (a "cache hit"); null = the input rate
 * @param cacheWriteMicrosPerMTok prompt tokens written to the cache (Anthropic's cache creation); null = the
 *     input rate
 * @param reasoningMicrosPerMTok hidden reasoning ("thinking") tokens; null = the output rate
 * @param perRequestMicros a flat fee per call (0 for none)
 * @param perImageMicros a fee per image (0 for none)
 */
public record Price(
    long inputMicrosPerMTok,
    long outputMicrosPerMTok,
    Long cachedInputMicrosPerMTok,
    Long cacheWriteMicrosPerMTok,
    Long reasoningMicrosPerMTok,
    long perRequestMicros,
    long perImageMicros) {

  public Price {
    if (inputMicrosPerMTok < 0 || outputMicrosPerMTok < 0 || negative(cachedInputMicrosPerMTok)
        || negative(cacheWriteMicrosPerMTok) || negative(reasoningMicrosPerMTok) || perRequestMicros < 0
        || perImageMicros < 0) {
      throw new IllegalArgumentException("a price cannot be negative: " + inputMicrosPerMTok + ", "
          + outputMicrosPerMTok + ", " + cachedInputMicrosPerMTok + ", " + cacheWriteMicrosPerMTok + ", "
          + reasoningMicrosPerMTok + ", " + perRequestMicros + ", " + perImageMicros);
    }
  }

  /** Input and output rates only: no cache or reasoning discounts, no per-request or per-image fee. */
  public Price(long inputMicrosPerMTok, long outputMicrosPerMTok) {
    this(inputMicrosPerMTok, outputMicrosPerMTok, null, null, null, 0, 0);
  }

  /** The rate for cache reads, falling back to the input rate. */
  public long cachedInputRate() {
    return cachedInputMicrosPerMTok == null ? inputMicrosPerMTok : cachedInputMicrosPerMTok;
  }

  /** The rate for cache writes, falling back to the input rate. */
  public long cacheWriteRate() {
    return cacheWriteMicrosPerMTok == null ? inputMicrosPerMTok : cacheWriteMicrosPerMTok;
  }

  /** The rate for reasoning tokens, falling back to the output rate. */
  public long reasoningRate() {
    return reasoningMicrosPerMTok == null ? outputMicrosPerMTok : reasoningMicrosPerMTok;
  }

  /**
   * The router's rough worst case in micro-dollars (rounded up) for this many tokens in and out, at the
   * plain input and output rates. Throws {@link ArithmeticException} on overflow (the router ranks that
   * deployment last but priced). Billing and budgets use {@link CostCalculator}, in nano-dollars.
   */
  public long costMicros(long inputTokens, long outputTokens) {
    return ceilDiv(Math.multiplyExact(inputTokens, inputMicrosPerMTok), 1_000_000)
        + ceilDiv(Math.multiplyExact(outputTokens, outputMicrosPerMTok), 1_000_000);
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }

  private static boolean negative(Long rate) {
    return rate != null && rate < 0;
  }
}
