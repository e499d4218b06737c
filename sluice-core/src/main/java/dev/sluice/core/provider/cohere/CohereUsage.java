package dev.sluice.core.provider.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.model.Usage;
import dev.sluice.core.model.UsageSource;

/**
 * Cohere's {@code usage} object to canonical {@link Usage}.
 *
 * <p>Cohere reports two pairs: {@code tokens} (what the model actually read and wrote, including the
 * system preamble Cohere adds) and {@code billed_units} (what the invoice counts, usually fewer input
 * tokens). We take {@code tokens} first because the canonical counts are model tokens, and fall back to
 * {@code billed_units} field by field when a deployment omits them. {@code cached_tokens} ("the number of
 * prompt tokens that hit the inference cache", docs.cohere.com/reference/chat) is part of the input, so it
 * is capped at the input count. Cohere has no cache writes and does not split reasoning out of
 * {@code output_tokens}, so both stay 0.
 */
final class CohereUsage {
  private CohereUsage() {}

  /** {@link Usage#NONE} when the object is missing or holds no count at all. */
  static Usage from(JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return Usage.NONE;
    }
    JsonNode tokens = usage.get("tokens");
    JsonNode billed = usage.get("billed_units");
    Long input = firstOf(CohereJson.count(tokens, "input_tokens"), CohereJson.count(billed, "input_tokens"));
    Long output = firstOf(CohereJson.count(tokens, "output_tokens"), CohereJson.count(billed, "output_tokens"));
    if (input == null && output == null) {
      return Usage.NONE;
    }
    long in = input == null ? 0 : input;
    Long cached = CohereJson.count(usage, "cached_tokens");
    long cacheRead = cached == null ? 0 : Math.min(cached, in);
    return new Usage(in, cacheRead, 0, output == null ? 0 : output, 0, UsageSource.REPORTED);
  }

  private static Long firstOf(Long preferred, Long fallback) {
    return preferred != null ? preferred : fallback;
  }
}
