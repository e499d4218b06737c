package dev.sluice.core.provider.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.error.GatewayException;
import java.io.IOException;

/** The package's one Jackson mapper (thread-safe once configured) and the few JSON helpers every class needs. */
final class GeminiJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private GeminiJson() {}

  /** A JSON object from an upstream body, or {@link GatewayException#upstream} naming what was wrong. */
  static ObjectNode parseObject(byte[] body, String what) {
    JsonNode node;
    try {
      node = MAPPER.readTree(body);
    } catch (IOException e) {
      throw GatewayException.upstream("Gemini returned a " + what + " that is not valid JSON.");
    }
    if (!(node instanceof ObjectNode object)) {
      throw GatewayException.upstream("Gemini returned a " + what + " that is not a JSON object.");
    }
    return object;
  }

  /** The same for one SSE event's data; null when it is not a JSON object. */
  static ObjectNode parseObjectOrNull(String data) {
    try {
      return MAPPER.readTree(data) instanceof ObjectNode object ? object : null;
    } catch (IOException e) {
      return null;
    }
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  static String text(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /** A textual field's value, or null when it is absent, null or not a string. */
  static String string(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }

  /** A numeric field as a non-negative long, 0 when absent or not a number. */
  static long count(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.isNumber() ? Math.max(0, value.asLong()) : 0;
  }
}
