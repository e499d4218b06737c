package dev.sluice.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What the fake Bedrock answers to one Converse request, before it is put in wire shape; the streamed and unary
 * answers are rendered from the same reply, so they agree by construction. The same words as the OpenAI fake:
 * "Hello! How can I help you today?" in pieces, {@code tokN } pieces for {@code chunks-<n>}, a tool call to the
 * named (or first) tool of {@code toolConfig} with arguments from its schema, "The tool said: ..." after a
 * {@code toolResult}, the last user text for {@code echo}. With {@code additionalModelRequestFields.thinking} (or
 * {@code reasoning_config}) a text answer is preceded by reasoning with a signature, from the reasoning fixture.
 *
 * @param pieces text deltas, or tool-input fragments when {@code toolName} is set
 * @param reasoning reasoning text deltas (empty when none was asked for)
 */
record FakeBedrockReply(String model, List<String> pieces, String toolUseId, String toolName, List<String> reasoning,
    String signature, int inputTokens) {

  private static final String DEFAULT_TEXT =
      WireFixtures.json("bedrock/converse.json").at("/output/message/content/0/text").asText();
  private static final JsonNode REASONING =
      WireFixtures.json("bedrock/converse-reasoning.json").at("/output/message/content/0/reasoningContent/reasoningText");
  /** Tool input fragment size, as the recorded streams carry it (a dozen characters per delta). */
  private static final int INPUT_FRAGMENT = 12;

  FakeBedrockReply {
    pieces = List.copyOf(pieces);
    reasoning = List.copyOf(reasoning);
  }

  static FakeBedrockReply from(JsonNode request, String model, FakeModelName knobs) {
    JsonNode messages = request.path("messages");
    JsonNode last = messages.isArray() && !messages.isEmpty() ? messages.get(messages.size() - 1)
        : MissingNode.getInstance();
    String toolResult = toolResultText(last);
    int inputTokens = estimateTokens(request);
    JsonNode tool = toolResult == null ? chosenTool(request.path("toolConfig")) : null;
    if (tool != null) {
      String input = WireFixtures.write(SchemaExamples.minimalInstance(tool.path("inputSchema").path("json")));
      return new FakeBedrockReply(model, fragments(input), "tooluse_" + randomId(22), tool.path("name").asText(),
          List.of(), null, inputTokens);
    }
    List<String> pieces;
    if (toolResult != null) {
      pieces = FakeChatReply.split("The tool said: " + toolResult);
    } else if (knobs.chunks() >= 0) {
      pieces = new ArrayList<>();
      for (int i = 0; i < knobs.chunks(); i++) {
        pieces.add("tok" + i + " ");
      }
    } else {
      pieces = FakeChatReply.split(knobs.echo() ? lastUserText(messages) : DEFAULT_TEXT);
    }
    JsonNode extra = request.path("additionalModelRequestFields");
    boolean thinks = extra.has("thinking") || extra.has("reasoning_config");
    return new FakeBedrockReply(model, pieces, null, null,
        thinks ? FakeChatReply.split(REASONING.path("text").asText()) : List.of(),
        thinks ? REASONING.path("signature").asText() : null, inputTokens);
  }

  boolean isToolCall() {
    return toolName != null;
  }

  String content() {
    return String.join("", pieces);
  }

  int outputTokens() {
    return pieces.size() + reasoning.size();
  }

  /** The named tool of {@code toolChoice.tool}, else the first; null without tools. */
  private static JsonNode chosenTool(JsonNode toolConfig) {
    JsonNode tools = toolConfig.path("tools");
    if (!tools.isArray() || tools.isEmpty()) {
      return null;
    }
    String wanted = toolConfig.path("toolChoice").path("tool").path("name").asText(null);
    for (JsonNode tool : tools) {
      if (wanted != null && wanted.equals(tool.path("toolSpec").path("name").asText())) {
        return tool.get("toolSpec");
      }
    }
    return tools.get(0).path("toolSpec");
  }

  /** The text of the last toolResult in this message, or null when it carries none. */
  private static String toolResultText(JsonNode message) {
    String text = null;
    for (JsonNode block : message.path("content")) {
      if (block.has("toolResult")) {
        text = blocksText(block.get("toolResult").path("content"));
      }
    }
    return text;
  }

  private static String lastUserText(JsonNode messages) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).path("role").asText().equals("user")) {
        return blocksText(messages.get(i).path("content"));
      }
    }
    return "";
  }

  private static String blocksText(JsonNode blocks) {
    StringBuilder text = new StringBuilder();
    for (JsonNode block : blocks) {
      text.append(block.path("text").asText(""));
    }
    return text.toString();
  }

  /** About four characters per token over system, message and tool-result texts; never zero. */
  private static int estimateTokens(JsonNode request) {
    long chars = blocksText(request.path("system")).length();
    for (JsonNode message : request.path("messages")) {
      chars += blocksText(message.path("content")).length();
      for (JsonNode block : message.path("content")) {
        chars += blocksText(block.path("toolResult").path("content")).length();
      }
    }
    return (int) Math.max(1, chars / 4);
  }

  private static List<String> fragments(String input) {
    List<String> out = new ArrayList<>();
    for (int start = 0; start < input.length(); ) {
      int end = Math.min(input.length(), start + INPUT_FRAGMENT);
      if (end < input.length() && Character.isLowSurrogate(input.charAt(end))) {
        end++;
      }
      out.add(input.substring(start, end));
      start = end;
    }
    return out;
  }

  private static String randomId(int length) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
    }
    return out.toString();
  }
}
