package dev.sluice.core.provider.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * JSON for the OpenAI chat codec. Provider bodies are read leniently (a stray duplicate key must not lose a
 * customer's answer); a few text reads shared by the unary and stream decoders live here.
 */
final class OpenAiChatCodecJson {
  static final ObjectMapper JSON = new ObjectMapper();

  private OpenAiChatCodecJson() {}

  /** The body as a tree, or null when it is not JSON. */
  static JsonNode read(byte[] body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  static JsonNode read(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree always serialises", e);
    }
  }

  /** A string member's value, or null when absent, null or not a string. */
  static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.isTextual() ? value.textValue() : null;
  }

  /**
   * The reasoning text of a message or delta: {@code reasoning_content} (DeepSeek, vLLM, Qwen) or
   * {@code reasoning} (OpenRouter, Groq, Ollama); null when neither is a string.
   */
  static String reasoning(JsonNode messageOrDelta) {
    String text = text(messageOrDelta, "reasoning_content");
    return text != null ? text : text(messageOrDelta, "reasoning");
  }

  /**
   * The text of {@code content}: a string, or an array of parts whose {@code text} parts are joined (Mistral
   * answers with parts); null when there is none.
   */
  static String content(JsonNode messageOrDelta) {
    JsonNode content = messageOrDelta == null ? null : messageOrDelta.get("content");
    if (content == null || content.isNull()) {
      return null;
    }
    if (content.isTextual()) {
      return content.textValue();
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode part : content) {
      if ("text".equals(text(part, "type")) && part.path("text").isTextual()) {
        text.append(part.get("text").textValue());
      }
    }
    return text.isEmpty() ? null : text.toString();
  }
}
