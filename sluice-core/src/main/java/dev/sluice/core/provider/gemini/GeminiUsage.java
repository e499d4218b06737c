package dev.sluice.core.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.model.Usage;
import dev.sluice.core.model.UsageSource;

/**
 * Gemini {@code usageMetadata} → canonical {@link Usage} (ai.google.dev/api/generate-content#UsageMetadata).
 *
 * <ul>
 *   <li>{@code promptTokenCount} already includes {@code cachedContentTokenCount} (the docs: "When
 *       cachedContent is set, this is still the total effective prompt size"); the tokens of tool-use prompts
 *       ({@code toolUsePromptTokenCount}) are counted apart and are input too.
 *   <li>{@code candidatesTokenCount} excludes the thinking tokens ({@code thoughtsTokenCount}); both are billed
 *       as output, so output is their sum and reasoning the thoughts: the fixtures' {@code totalTokenCount}
 *       equals input + output this way.
 * </ul>
 * In a stream every chunk carries the counts so far; the last one is the total.
 */
final class GeminiUsage {
  private GeminiUsage() {}

  /** The usage, or {@link Usage#NONE} when the response has no {@code usageMetadata} object. */
  static Usage from(JsonNode usageMetadata) {
    if (usageMetadata == null || !usageMetadata.isObject()) {
      return Usage.NONE;
    }
    long input = GeminiJson.count(usageMetadata, "promptTokenCount")
        + GeminiJson.count(usageMetadata, "toolUsePromptTokenCount");
    long cached = Math.min(input, GeminiJson.count(usageMetadata, "cachedContentTokenCount"));
    long thoughts = GeminiJson.count(usageMetadata, "thoughtsTokenCount");
    long output = GeminiJson.count(usageMetadata, "candidatesTokenCount") + thoughts;
    return new Usage(input, cached, /* cacheWriteTokens= */ 0, output, thoughts, UsageSource.REPORTED);
  }
}
