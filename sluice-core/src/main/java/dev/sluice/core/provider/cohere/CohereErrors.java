package dev.sluice.core.provider.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * The human message of a Cohere error body. Cohere's errors are flat: {@code {"id": "...", "message":
 * "..."}} (e.g. {@code invalid api token}, {@code no api key supplied}, {@code You are using a Trial key,
 * which is limited to 10 API calls / minute. ...}, {@code too many tokens: ...}); there is no type or code.
 * Cohere does not quote the key back, but the configured key is masked anyway should a proxy in front of it
 * do so, and long messages are cut.
 */
final class CohereErrors {
  static final String REDACTED = "[redacted]";
  private static final int MAX_MESSAGE = 1000;

  private CohereErrors() {}

  /** The {@code message}, or null when the body is not a Cohere error object. */
  static String message(byte[] body, String apiKey) {
    if (body == null || body.length == 0) {
      return null;
    }
    JsonNode node;
    try {
      node = CohereJson.MAPPER.readTree(body);
    } catch (IOException e) {
      return null;
    }
    if (node == null || !node.isObject()) {
      return null;
    }
    String message = CohereJson.text(node, "message");
    if (message == null || message.isBlank()) {
      return null;
    }
    if (apiKey != null && !apiKey.isEmpty()) {
      message = message.replace(apiKey, REDACTED);
    }
    return message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message;
  }
}
