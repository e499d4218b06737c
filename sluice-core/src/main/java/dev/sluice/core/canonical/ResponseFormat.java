package dev.sluice.core.canonical;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The output format asked for: free text, any JSON object, or JSON matching a schema (OpenAI
 * {@code response_format}, Gemini {@code responseMimeType}/{@code responseSchema}, Anthropic through a forced
 * tool or its output format).
 */
public sealed interface ResponseFormat {
  record Text() implements ResponseFormat {}

  record JsonObject() implements ResponseFormat {}

  record JsonSchema(String name, JsonNode schema, boolean strict) implements ResponseFormat {}

  ResponseFormat TEXT = new Text();
}
