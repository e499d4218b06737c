package dev.sluice.core.dialect.openai;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Typed reads of a request member for the canonical decode ({@link OpenAiChatDialectRequestDecoder},
 * {@link OpenAiChatDialectMessages}). {@link OpenAiChatRequest#parse} checks only what the passthrough
 * relies on; the translation reads more, and a member of the wrong type is refused here with OpenAI's wording
 * and param path ({@link InvalidParams}) rather than dropped, so the caller learns of the mistake.
 *
 * <p>Every method takes the member's node (null when absent) and treats JSON {@code null} as absent.
 */
final class OpenAiCanonicalFields {
  private OpenAiCanonicalFields() {}

  static boolean absent(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }

  static String string(JsonNode node, String param) {
    if (absent(node)) {
      return null;
    }
    if (!node.isTextual()) {
      throw InvalidParams.invalidType(param, "a string", node.asToken());
    }
    return node.textValue();
  }

  static String requiredString(JsonNode node, String param) {
    String value = string(node, param);
    if (value == null) {
      throw InvalidParams.missing(param);
    }
    return value;
  }

  static Double number(JsonNode node, String param) {
    if (absent(node)) {
      return null;
    }
    if (!node.isNumber()) {
      throw InvalidParams.invalidType(param, "a number", node.asToken());
    }
    return node.doubleValue();
  }

  static Long integer(JsonNode node, String param) {
    if (absent(node)) {
      return null;
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw InvalidParams.invalidType(param, "an integer", node.asToken());
    }
    return node.longValue();
  }

  static Boolean bool(JsonNode node, String param) {
    if (absent(node)) {
      return null;
    }
    if (!node.isBoolean()) {
      throw InvalidParams.invalidType(param, "a boolean", node.asToken());
    }
    return node.booleanValue();
  }

  /** An object member, or null when absent. */
  static JsonNode object(JsonNode node, String param) {
    if (absent(node)) {
      return null;
    }
    if (!node.isObject()) {
      throw InvalidParams.invalidType(param, "an object", node.asToken());
    }
    return node;
  }

  /** An array member, or null when absent. */
  static JsonNode array(JsonNode node, String param) {
    if (absent(node)) {
      return null;
    }
    if (!node.isArray()) {
      throw InvalidParams.invalidType(param, "an array", node.asToken());
    }
    return node;
  }

  /** A string that must be one of {@code allowed}. */
  static String oneOf(JsonNode node, String param, List<String> allowed) {
    String value = string(node, param);
    if (value != null && !allowed.contains(value)) {
      throw InvalidParams.invalidValue(param, value, allowed);
    }
    return value;
  }
}
