package dev.sluice.core.price;

import dev.sluice.core.model.Usage;
import java.util.Objects;

/**
 * Prices a call: {@link Usage} times {@link Price}, in nano-dollars, each term rounded up on its own (so a
 * call costs at most five nano-dollars more than the exact sum; never less).
 *
 * <p><b>The usage contract</b> this relies on (OpenAI's semantics; see {@link Usage}):
 * {@code inputTokens} is every prompt token <em>including</em> cache reads and cache writes, and
 * {@code outputTokens} every generated token <em>including</em> reasoning. Codecs whose upstream counts
 * differently must add up before building a {@code Usage}:
 * <ul>
 *   <li>Anthropic's {@code usage.input_tokens} <em>excludes</em> {@code cache_creation_input_tokens} and
 *       {@code cache_read_input_tokens}: {@code inputTokens = input_tokens + cache_creation_input_tokens +
 *       cache_read_input_tokens}, {@code cacheWriteTokens = cache_creation_input_tokens},
 *       {@code cacheReadTokens = cache_read_input_tokens}. Extended thinking is already inside
 *       {@code output_tokens} (billed at the output rate).
 *   <li>Gemini's {@code promptTokenCount} already includes {@code cachedContentTokenCount}, but
 *       {@code candidatesTokenCount} <em>excludes</em> {@code thoughtsTokenCount}: {@code outputTokens =
 *       candidatesTokenCount + thoughtsTokenCount}, {@code reasoningTokens = thoughtsTokenCount}.
 *   <li>DeepSeek's {@code prompt_tokens} = {@code prompt_cache_hit_tokens + prompt_cache_miss_tokens}:
 *       {@code cacheReadTokens = prompt_cache_hit_tokens}.
 * </ul>
 *
 * <p>Not modelled: Gemini's long-context tier (the catalog lists the ≤200k-token rates), context-cache
 * storage per hour, batch discounts, Anthropic's one-hour cache writes (billed here at the five-minute rate).
 */
public final class CostCalculator {
  private CostCalculator() {}

  /**
   * The cost of one call: uncached input, cache reads, cache writes, text output and reasoning at their
   * own rates, plus the per-request fee and {@code images} times the per-image fee. A null price is
   * {@link Cost#UNPRICED}. Negative image counts count as 0.
   *
   * <pre>
   * (input − cacheRead − cacheWrite)·input + cacheRead·cachedInput + cacheWrite·cacheWrite
   *   + (output − reasoning)·output + reasoning·reasoning + perRequest + images·perImage
   * </pre>
   */
  public static Cost of(Price price, Usage usage, int images) {
    Objects.requireNonNull(usage, "usage");
    if (price == null) {
      return Cost.UNPRICED;
    }
    long uncachedInput = Math.max(0, usage.inputTokens() - usage.cacheReadTokens() - usage.cacheWriteTokens());
    long textOutput = Math.max(0, usage.outputTokens() - usage.reasoningTokens());
    long nanos = Money.nanosForTokens(uncachedInput, price.inputMicrosPerMTok());
    nanos = Money.saturatedAdd(nanos, Money.nanosForTokens(usage.cacheReadTokens(), price.cachedInputRate()));
    nanos = Money.saturatedAdd(nanos, Money.nanosForTokens(usage.cacheWriteTokens(), price.cacheWriteRate()));
    nanos = Money.saturatedAdd(nanos, Money.nanosForTokens(textOutput, price.outputMicrosPerMTok()));
    nanos = Money.saturatedAdd(nanos, Money.nanosForTokens(usage.reasoningTokens(), price.reasoningRate()));
    nanos = Money.saturatedAdd(nanos, Money.nanosForItems(1, price.perRequestMicros()));
    nanos = Money.saturatedAdd(nanos, Money.nanosForItems(Math.max(0, images), price.perImageMicros()));
    return Cost.priced(nanos);
  }

  /**
   * The most a call can cost, for a budget reservation made before it is sent: every prompt token at the
   * dearest input rate, every possible output token at the dearer of the output and reasoning rates, plus
   * the per-request fee. "Dearest input rate" is usually the plain input rate, but a cache write costs more
   * than that (Anthropic: 1.25×), and a reservation below the real cost would let a budget overspend. Per-
   * image fees are not included (the count is not known up front). Negative counts count as 0. Never below
   * {@link #of} for a call within these counts (up to three nano-dollars of rounding slack are added when a
   * rate is not a whole number of nano-dollars per token).
   *
   * @param price must not be null: an unpriced model has no worst case, and the caller decides (refuse,
   *     or admit without a reservation)
   */
  public static long worstCaseNanos(Price price, long promptTokens, long maxOutputTokens) {
    Objects.requireNonNull(price, "price (an unpriced model has no worst case; the caller decides)");
    long inputRate = Math.max(price.inputMicrosPerMTok(), Math.max(price.cachedInputRate(), price.cacheWriteRate()));
    long outputRate = Math.max(price.outputMicrosPerMTok(), price.reasoningRate());
    long nanos = Money.nanosForTokens(Math.max(0, promptTokens), inputRate);
    nanos = Money.saturatedAdd(nanos, Money.nanosForTokens(Math.max(0, maxOutputTokens), outputRate));
    nanos = Money.saturatedAdd(nanos, Money.nanosForItems(1, price.perRequestMicros()));
    // of(...) rounds each of its three input and two output terms up on its own; this rounds one of each.
    // A sum of n round-ups exceeds the round-up of the sum by at most n − 1, and only when a rate is not a
    // whole number of nano-dollars per token (a multiple of 1000 micro-dollars per million).
    boolean inputRounds = fractional(price.inputMicrosPerMTok()) || fractional(price.cachedInputRate())
        || fractional(price.cacheWriteRate());
    boolean outputRounds = fractional(price.outputMicrosPerMTok()) || fractional(price.reasoningRate());
    return Money.saturatedAdd(nanos, (inputRounds ? 2 : 0) + (outputRounds ? 1 : 0));
  }

  private static boolean fractional(long microsPerMTok) {
    return microsPerMTok % 1_000 != 0;
  }
}
