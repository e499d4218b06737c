package dev.sluice.core.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Anthropic's error object, {@code {"type":"error","error":{"type":...,"message":...}}}: the body of an error
 * status and, unchanged, the data of an in-band {@code event: error} (see {@code wire/anthropic/error-*.json}
 * and {@code stream-error-midstream.sse}). Read by the provider codec, written by the caller dialect.
 */
public final class AnthropicErrors {
  /** Longer messages are cut: they go into logs and the caller's error, and a provider page is no message. */
  static final int MAX_MESSAGE = 1000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private AnthropicErrors() {}

  /** The error object for a type and message. */
  public static ObjectNode body(String type, String message) {
    ObjectNode root = JsonNodeFactory.instance.objectNode().put("type", "error");
    root.putObject("error").put("type", type).put("message", message == null ? "" : message);
    return root;
  }

  /**
   * {@code error.message} of an Anthropic error body, or null when the body is not one. Anthropic's messages
   * name the problem, never the key ("invalid x-api-key"), so nothing needs scrubbing.
   */
  public static String message(byte[] body) {
    JsonNode error = error(body);
    String message = error == null ? "" : AnthropicBlocks.text(error, "message");
    if (message.isEmpty()) {
      return null;
    }
    return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "...";
  }

  /** {@code error.type} of an Anthropic error body ({@code overloaded_error}, ...), or null. */
  public static String type(byte[] body) {
    JsonNode error = error(body);
    String type = error == null ? "" : AnthropicBlocks.text(error, "type");
    return type.isEmpty() ? null : type;
  }

  private static JsonNode error(byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    try {
      JsonNode root = JSON.readTree(body);
      JsonNode error = root == null ? null : root.get("error");
      return error != null && error.isObject() ? error : null;
    } catch (IOException e) {
      return null; // an HTML page from a proxy in front: the status says enough
    }
  }
}
