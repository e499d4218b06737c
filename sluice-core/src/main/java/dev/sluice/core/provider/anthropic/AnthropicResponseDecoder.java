package dev.sluice.core.provider.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.canonical.ChatResponse;
import dev.sluice.core.canonical.FinishReason;
import dev.sluice.core.canonical.Part;
import dev.sluice.core.error.GatewayException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An Anthropic message body ({@code wire/anthropic/message*.json}) to a canonical answer. Blocks map through
 * {@link AnthropicBlocks}; a call to the JSON-answer tool ({@link AnthropicJsonAnswer}) becomes the answer
 * text, and its {@code tool_use} stop reason a plain stop. Blocks with no canonical part (server tool use,
 * web search results) are skipped.
 */
final class AnthropicResponseDecoder {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AnthropicResponseDecoder() {}

  static ChatResponse decode(byte[] body) {
    JsonNode root = parse(body);
    if ("error".equals(AnthropicBlocks.text(root, "type"))) {
      String message = AnthropicErrors.message(body);
      throw GatewayException.upstream(
          "Anthropic answered with an error: " + (message == null ? "(no message)" : message));
    }
    JsonNode content = root.get("content");
    if (content == null || !content.isArray()) {
      throw GatewayException.upstream("Anthropic's answer has no content array.");
    }
    List<Part> parts = new ArrayList<>();
    boolean jsonAnswer = false;
    boolean toolCalls = false;
    for (JsonNode block : content) {
      if (isAnswerCall(block)) {
        jsonAnswer = true;
        JsonNode input = block.get("input");
        parts.add(Part.Text.of(input == null || input.isNull() ? "{}" : input.toString()));
        continue;
      }
      Part part = AnthropicBlocks.toPart(block);
      if (part != null) {
        parts.add(part);
        toolCalls |= part instanceof Part.ToolCall;
      }
    }
    JsonNode stopSequence = root.get("stop_sequence");
    return new ChatResponse(AnthropicBlocks.text(root, "id"), AnthropicBlocks.text(root, "model"), parts,
        finishReason(AnthropicBlocks.text(root, "stop_reason"), jsonAnswer && !toolCalls),
        stopSequence != null && stopSequence.isTextual() ? stopSequence.asText() : null,
        AnthropicUsage.fromWire(root.get("usage")));
  }

  /** The stop reason; {@code tool_use} reads as a plain stop when the only call was the JSON answer. */
  static FinishReason finishReason(String stopReason, boolean onlyJsonAnswer) {
    if (stopReason.isEmpty()) {
      return null;
    }
    if (onlyJsonAnswer && stopReason.equals("tool_use")) {
      return FinishReason.STOP;
    }
    return AnthropicStopReasons.toFinishReason(stopReason);
  }

  static boolean isAnswerCall(JsonNode block) {
    return "tool_use".equals(AnthropicBlocks.text(block, "type"))
        && AnthropicJsonAnswer.isAnswerTool(AnthropicBlocks.text(block, "name"));
  }

  private static JsonNode parse(byte[] body) {
    try {
      JsonNode root = JSON.readTree(body);
      if (root == null || !root.isObject()) {
        throw GatewayException.upstream("Anthropic's answer is not a JSON object.");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw GatewayException.upstream("Anthropic's answer is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw GatewayException.upstream("Anthropic's answer could not be read: " + e.getMessage());
    }
  }
}
