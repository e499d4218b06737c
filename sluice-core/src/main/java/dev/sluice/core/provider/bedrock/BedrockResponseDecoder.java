package dev.sluice.core.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.canonical.ChatResponse;
import dev.sluice.core.canonical.Part;
import dev.sluice.core.error.GatewayException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A Converse answer ({@code {output: {message: {role, content: [...]}}, stopReason, usage, metrics}}) to a
 * canonical {@link ChatResponse}. Content blocks: {@code text}, {@code toolUse} (input is an object),
 * {@code reasoningContent} ({@code reasoningText {text, signature}} or {@code redactedContent}); others (images,
 * citations, guardrail traces) are skipped. The body has no id and no model name (the request id is in the
 * {@code x-amzn-RequestId} header), so both are null.
 */
final class BedrockResponseDecoder {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BedrockResponseDecoder() {}

  static ChatResponse decode(byte[] body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw GatewayException.upstream("Bedrock answered with a body that is not JSON.");
    }
    JsonNode content = root == null ? null : root.path("output").path("message").get("content");
    if (content == null || !content.isArray()) {
      throw GatewayException.upstream("Bedrock answered without output.message.content.");
    }
    List<Part> parts = new ArrayList<>();
    boolean jsonOutput = false;
    boolean toolCalls = false;
    for (JsonNode block : content) {
      if (block.has("text")) {
        parts.add(Part.Text.of(textField(block, "text")));
      } else if (block.has("toolUse")) {
        JsonNode toolUse = block.get("toolUse");
        String name = textField(toolUse, "name");
        String input = toolUse.path("input").isMissingNode() ? "{}" : toolUse.get("input").toString();
        if (BedrockToolsEncoder.JSON_OUTPUT_TOOL.equals(name)) {
          parts.add(Part.Text.of(input));
          jsonOutput = true;
        } else {
          parts.add(new Part.ToolCall(textField(toolUse, "toolUseId"), name, input));
          toolCalls = true;
        }
      } else if (block.has("reasoningContent")) {
        parts.add(reasoning(block.get("reasoningContent")));
      }
    }
    String stopReason = root.path("stopReason").isTextual() ? root.get("stopReason").asText() : null;
    JsonNode stopSequence = root.path("additionalModelResponseFields").path("stop_sequence");
    return new ChatResponse(null, null, parts,
        BedrockStopReasons.toFinishReason(stopReason, jsonOutput && !toolCalls),
        stopSequence.isTextual() ? stopSequence.asText() : null, BedrockUsage.from(root.get("usage")));
  }

  private static Part.Reasoning reasoning(JsonNode reasoning) {
    if (reasoning.has("redactedContent")) {
      return new Part.Reasoning(null, null, textField(reasoning, "redactedContent"));
    }
    JsonNode text = reasoning.path("reasoningText");
    return new Part.Reasoning(text.path("text").asText(""),
        text.path("signature").isTextual() ? text.get("signature").asText() : null, null);
  }

  private static String textField(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw GatewayException.upstream("Bedrock answered with a content block whose " + field
          + " is not a string.");
    }
    return value.asText();
  }
}
