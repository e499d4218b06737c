package dev.sluice.core.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.model.Usage;
import dev.sluice.core.model.UsageSource;

/**
 * Converse {@code usage} (API_runtime_TokenUsage) to canonical {@link Usage}.
 *
 * <p>Bedrock's {@code inputTokens} does <em>not</em> include cached tokens: the API reference only says "the
 * number of tokens sent in the request", but the prompt-caching guide's examples have
 * {@code totalTokens = inputTokens + outputTokens + cacheReadInputTokens + cacheWriteInputTokens}, as
 * Anthropic's own {@code input_tokens} does. Canonical input includes both, so it is the sum of the three.
 * Bedrock reports no reasoning split of {@code outputTokens}, so reasoning stays 0 (inside output).
 */
final class BedrockUsage {
  private BedrockUsage() {}

  /** {@link Usage#NONE} when the node is missing or has no token counts. */
  static Usage from(JsonNode usage) {
    if (usage == null || !usage.isObject() || !usage.has("inputTokens") && !usage.has("outputTokens")) {
      return Usage.NONE;
    }
    long cacheRead = count(usage, "cacheReadInputTokens");
    long cacheWrite = count(usage, "cacheWriteInputTokens");
    return new Usage(count(usage, "inputTokens") + cacheRead + cacheWrite, cacheRead, cacheWrite,
        count(usage, "outputTokens"), 0, UsageSource.REPORTED);
  }

  private static long count(JsonNode usage, String field) {
    JsonNode value = usage.get(field);
    return value != null && value.canConvertToLong() ? Math.max(0, value.asLong()) : 0;
  }
}
