package dev.sluice.core.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The human message of an OpenAI-style error body, for logs and the caller's error: {@code error.message}
 * (OpenAI, Azure, most hosts), a string {@code error} (a few hosts), or a top-level {@code message} or
 * {@code detail} (FastAPI-based servers such as vLLM). Credential-looking tokens are scrubbed
 * ({@link SecretScrubber}): OpenAI's 401 quotes part of the key.
 */
final class OpenAiChatCodecErrors {
  private static final int MAX_MESSAGE = 1000;

  private OpenAiChatCodecErrors() {}

  /** The message of a parsed error body, or null when it has none. */
  static String message(JsonNode root) {
    if (root == null || !root.isObject()) {
      return null;
    }
    JsonNode error = root.get("error");
    String message = error != null && error.isTextual() ? error.textValue()
        : error != null && error.isObject() ? textOf(error.get("message"))
        : null;
    if (message == null) {
      message = textOf(root.get("message"));
    }
    if (message == null) {
      message = textOf(root.get("detail"));
    }
    if (message == null || message.isBlank()) {
      return null;
    }
    String cut = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message;
    return SecretScrubber.scrub(cut);
  }

  /** The error's {@code type} (or {@code code}) in the provider's words, or null. */
  static String type(JsonNode root) {
    JsonNode error = root == null ? null : root.get("error");
    if (error == null || !error.isObject()) {
      return null;
    }
    String type = textOf(error.get("type"));
    return type != null ? type : textOf(error.get("code"));
  }

  private static String textOf(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    return node.isTextual() ? node.textValue() : node.toString();
  }
}
