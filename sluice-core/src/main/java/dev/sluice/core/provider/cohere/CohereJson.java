package dev.sluice.core.provider.cohere;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.error.GatewayException;
import java.io.IOException;

/** The one JSON mapper of the Cohere package, and the few reads every Cohere decoder shares. */
final class CohereJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private CohereJson() {}

  /** Parses a whole body, or throws GatewayException.upstream naming what was expected. */
  static JsonNode parseBody(byte[] body, String what) {
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || !node.isObject()) {
        throw GatewayException.upstream("Cohere answered with a " + what + " body that is not a JSON object.");
      }
      return node;
    } catch (IOException e) {
      throw GatewayException.upstream("Cohere answered with a " + what + " body that is not valid JSON.");
    }
  }

  /** Parses one stream event's data, or null when it is not a JSON object. */
  static JsonNode parseEvent(String data) {
    try {
      JsonNode node = MAPPER.readTree(data);
      return node != null && node.isObject() ? node : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  static byte[] write(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a Jackson tree always serialises", e);
    }
  }

  /** A string field, or null when absent, null or not a string. */
  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }

  /**
   * A token count, or null when absent or not a non-negative number. Cohere's schema types its counts as
   * {@code number} (doubles on the wire in some SDKs), so a fractional value is rounded.
   */
  static Long count(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null || !value.isNumber() || value.asDouble() < 0) {
      return null;
    }
    return Math.round(value.asDouble());
  }
}
