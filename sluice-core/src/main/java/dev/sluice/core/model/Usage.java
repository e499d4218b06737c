package dev.sluice.core.model;

import java.util.Objects;

/**
 * Token counts for one call, in the split the pricing needs (Vercel AI SDK v3 usage: input total with cache
 * reads and writes inside it, output total with reasoning inside it).
 *
 * @param inputTokens every prompt token, <em>including</em> cache reads and cache writes (OpenAI's
 *     {@code prompt_tokens})
 * @param cacheReadTokens the part of the input served from the prompt cache (OpenAI's
 *     {@code prompt_tokens_details.cached_tokens})
 * @param cacheWriteTokens the part of the input written to the prompt cache (Anthropic reports it; OpenAI
 *     does not, so 0 there)
 * @param outputTokens every generated token, <em>including</em> reasoning (OpenAI's {@code completion_tokens})
 * @param reasoningTokens the part of the output spent on hidden reasoning
 * @param source whether the provider reported these numbers, we estimated them, or they are missing
 */
public record Usage(
    long inputTokens,
    long cacheReadTokens,
    long cacheWriteTokens,
    long outputTokens,
    long reasoningTokens,
    UsageSource source) {

  /** No usage known: all zero, {@link UsageSource#MISSING}. */
  public static final Usage NONE = new Usage(0, 0, 0, 0, 0, UsageSource.MISSING);

  public Usage {
    Objects.requireNonNull(source, "source");
    if (inputTokens < 0 || cacheReadTokens < 0 || cacheWriteTokens < 0 || outputTokens < 0
        || reasoningTokens < 0) {
      throw new IllegalArgumentException("token counts cannot be negative: " + inputTokens + ", "
          + cacheReadTokens + ", " + cacheWriteTokens + ", " + outputTokens + ", " + reasoningTokens);
    }
  }

  /** The same as {@link #NONE}: zero counts, nothing reported. */
  public static Usage zero() {
    return NONE;
  }

  /** Input plus output (cache and reasoning tokens are already inside those two). */
  public long totalTokens() {
    return inputTokens + outputTokens;
  }

  /** Input tokens billed at the full rate: neither read from nor written to the cache. */
  public long uncachedInputTokens() {
    return Math.max(0, inputTokens - cacheReadTokens - cacheWriteTokens);
  }

  /** True when the provider (or an estimate) gave numbers; false for {@link UsageSource#MISSING}. */
  public boolean isKnown() {
    return source != UsageSource.MISSING;
  }
}
