package dev.sluice.core.dialect.anthropic;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.canonical.ChatResponse;
import dev.sluice.core.canonical.Part;
import dev.sluice.core.provider.anthropic.AnthropicBlocks;
import dev.sluice.core.provider.anthropic.AnthropicStopReasons;
import dev.sluice.core.provider.anthropic.AnthropicUsage;
import java.util.function.Supplier;

/**
 * A canonical answer as an Anthropic message object, field for field as {@code wire/anthropic/message*.json}
 * (minus {@code service_tier} and the TTL split of cache writes, which other providers cannot tell us). The
 * model is the one the caller asked for. Images and tool results have no place in an assistant message and
 * empty text is not a block Anthropic sends, so those are left out.
 */
final class AnthropicResponseEncoder {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private AnthropicResponseEncoder() {}

  static ObjectNode message(ChatResponse response, String model, Supplier<String> fallbackId) {
    ObjectNode message = NODES.objectNode()
        .put("id", messageId(response.id(), fallbackId))
        .put("type", "message")
        .put("role", "assistant")
        .put("model", model);
    ArrayNode content = message.putArray("content");
    for (Part part : response.content()) {
      if (belongsInAnswer(part)) {
        content.add(AnthropicBlocks.toBlock(part));
      }
    }
    message.put("stop_reason", AnthropicStopReasons.toStopReason(response.finishReason()));
    message.put("stop_sequence", response.stopSequence());
    AnthropicUsage.toWire(response.usage(), message.putObject("usage"));
    return message;
  }

  /** Anthropic's {@code msg_} prefix on the provider's id (an OpenAI {@code chatcmpl-...}), or a fresh id. */
  static String messageId(String providerId, Supplier<String> fallbackId) {
    if (providerId == null || providerId.isEmpty()) {
      return fallbackId.get();
    }
    return providerId.startsWith("msg_") ? providerId : "msg_" + providerId;
  }

  private static boolean belongsInAnswer(Part part) {
    return switch (part) {
      case Part.Text t -> !t.text().isEmpty();
      case Part.ToolCall c -> true;
      case Part.Reasoning r -> true;
      case Part.Image i -> false;
      case Part.ToolResult r -> false;
    };
  }
}
