package dev.sluice.core.dialect.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.model.Usage;
import dev.sluice.core.model.UsageSource;

/**
 * OpenAI's {@code usage} object → {@link Usage}. Chat and embeddings share the shape: {@code prompt_tokens}
 * (all input, cached included), {@code completion_tokens} (all output, reasoning included),
 * {@code prompt_tokens_details.cached_tokens}, {@code completion_tokens_details.reasoning_tokens}. OpenAI
 * does not report cache writes, so those are 0.
 */
public final class OpenAiUsage {
  private OpenAiUsage() {}

  /**
   * A usage object → {@link UsageSource#REPORTED} counts (absent or malformed fields count 0, negatives are
   * clamped to 0); a missing, null or non-object node → {@link Usage#NONE}. So is a usage whose input and
   * output counts are both 0 (RELIABILITY A5#29): no real call has an empty prompt, so such a usage is a
   * provider that reports nothing in usage's shape, and taking it at its word would make the call free;
   * as {@link Usage#NONE} the gateway estimates the tokens and flags the cost as estimated.
   */
  public static Usage fromUsageNode(JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return Usage.NONE;
    }
    if (count(usage.get("prompt_tokens")) == 0 && count(usage.get("completion_tokens")) == 0) {
      return Usage.NONE;
    }
    return new Usage(
        count(usage.get("prompt_tokens")),
        count(usage.path("prompt_tokens_details").get("cached_tokens")),
        /* cacheWriteTokens= */ 0,
        count(usage.get("completion_tokens")),
        count(usage.path("completion_tokens_details").get("reasoning_tokens")),
        UsageSource.REPORTED);
  }

  private static long count(JsonNode n) {
    return n != null && n.isNumber() ? Math.max(0, n.asLong()) : 0;
  }
}
