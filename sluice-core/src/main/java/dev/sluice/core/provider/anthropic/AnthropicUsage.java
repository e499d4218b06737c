package dev.sluice.core.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.model.Usage;
import dev.sluice.core.model.UsageSource;

/**
 * Anthropic {@code usage} to canonical {@link Usage} and back. Anthropic's {@code input_tokens} counts only
 * the prompt tokens that were neither read from nor written to the cache ("Prompt caching": "total input
 * tokens = input_tokens + cache_creation_input_tokens + cache_read_input_tokens"); canonical input includes
 * both, so the three are added going in and split again going out. Anthropic reports no separate reasoning
 * count (thinking is inside {@code output_tokens}), so reasoning stays 0.
 */
public final class AnthropicUsage {
  private AnthropicUsage() {}

  /** Usage from one {@code usage} object; {@link Usage#NONE} when there is none. */
  public static Usage fromWire(JsonNode usage) {
    return fromWire(usage, null);
  }

  /**
   * Usage from a stream's {@code message_delta} usage ({@code latest}: cumulative output, sometimes input
   * fields too) over {@code message_start}'s ({@code earlier}): each field from the latest object that has it.
   */
  public static Usage fromWire(JsonNode latest, JsonNode earlier) {
    if (!isObject(latest) && !isObject(earlier)) {
      return Usage.NONE;
    }
    long uncached = field(latest, earlier, "input_tokens");
    long cacheWrite = field(latest, earlier, "cache_creation_input_tokens");
    long cacheRead = field(latest, earlier, "cache_read_input_tokens");
    long output = field(latest, earlier, "output_tokens");
    return new Usage(uncached + cacheWrite + cacheRead, cacheRead, cacheWrite, output, 0, UsageSource.REPORTED);
  }

  /** Writes the four Anthropic counts of {@code usage} into {@code target}, in Anthropic's order. */
  public static void toWire(Usage usage, ObjectNode target) {
    target.put("input_tokens", usage.uncachedInputTokens());
    target.put("cache_creation_input_tokens", usage.cacheWriteTokens());
    target.put("cache_read_input_tokens", usage.cacheReadTokens());
    target.put("output_tokens", usage.outputTokens());
  }

  private static long field(JsonNode latest, JsonNode earlier, String name) {
    JsonNode value = isObject(latest) ? latest.get(name) : null;
    if (value == null || !value.isNumber()) {
      value = isObject(earlier) ? earlier.get(name) : null;
    }
    return value != null && value.isNumber() ? Math.max(0, value.asLong()) : 0;
  }

  private static boolean isObject(JsonNode node) {
    return node != null && node.isObject();
  }
}
