package dev.sluice.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What {@link FakeAnthropicProvider} answers to one Messages request, before it is put in wire shape: the content
 * blocks as pieces (one piece is one delta event and one output token), the stop reason and the matched stop
 * sequence. Deciding here and rendering in {@link FakeAnthropicResponder} keeps the streamed and unary answers
 * identical by construction.
 *
 * <p>The words are {@link FakeOpenAiProvider}'s: "Hello! How can I help you today?" in word-ish pieces;
 * {@code chunks-<n>} gives {@code "tok0 "}, {@code "tok1 "}, ...; {@code echo} repeats the last user message's text;
 * with {@code tools} (and {@code tool_choice} not {@code none}, last message without a {@code tool_result}) a single
 * {@code tool_use} block calling the first tool, or the one {@code {"type": "tool", "name"}} names, with an input
 * generated from its {@code input_schema}; after a {@code tool_result}, "The tool said: " + its content. Unlike the
 * real model the fake writes no text before a {@code tool_use}. With {@code thinking: {"type": "enabled"}} a
 * {@code thinking} block (with a signature) comes first. A text answer stops early at the first of
 * {@code stop_sequences} ({@code stop_reason: "stop_sequence"}) or after {@code max_tokens} output tokens
 * ({@code "max_tokens"}).
 *
 * @param blocks the content blocks in order
 * @param stopSequence the matched stop sequence, or null
 */
record FakeAnthropicReply(String id, String model, List<Block> blocks, String stopReason, String stopSequence) {

  sealed interface Block permits Thinking, Text, ToolUse {
    List<String> pieces();
  }

  /** A thinking block: its text in pieces, then its signature (one {@code signature_delta}, not a token). */
  record Thinking(List<String> pieces, String signature) implements Block {
    Thinking {
      pieces = List.copyOf(pieces);
    }
  }

  record Text(List<String> pieces) implements Block {
    Text {
      pieces = List.copyOf(pieces);
    }
  }

  /**
   * A tool call.
   *
   * @param input the arguments object of the unary body
   * @param pieces the compact JSON of {@code input} in fragments, one {@code input_json_delta} each
   */
  record ToolUse(String id, String name, JsonNode input, List<String> pieces) implements Block {
    ToolUse {
      pieces = List.copyOf(pieces);
    }
  }

  /** The reply when nothing in the request asks for another: the fixture's own text. */
  private static final String DEFAULT_TEXT = WireFixtures.json("anthropic/message.json").at("/content/0/text").asText();
  static final String THINKING_TEXT = "The user wrote to me. A short, friendly answer fits best.";
  /** Input fragment size: the captured tool-use streams carry 5-15 characters per delta. */
  private static final int INPUT_FRAGMENT = 8;

  FakeAnthropicReply {
    blocks = List.copyOf(blocks);
  }

  static FakeAnthropicReply from(JsonNode request, FakeModelName knobs) {
    String id = "msg_01" + randomAlphanumeric(22);
    String model = request.path("model").asText();
    List<Block> blocks = new ArrayList<>();
    if (request.path("thinking").path("type").asText().equals("enabled")) {
      blocks.add(new Thinking(FakeChatReply.split(THINKING_TEXT), signature(THINKING_TEXT)));
    }
    JsonNode messages = request.path("messages");
    JsonNode last = messages.path(messages.size() - 1);
    String toolResults = toolResults(last);
    JsonNode tool = toolResults == null ? chosenTool(request) : null;
    if (tool != null) {
      JsonNode input = SchemaExamples.minimalInstance(tool.path("input_schema"));
      blocks.add(new ToolUse("toolu_01" + randomAlphanumeric(22), tool.path("name").asText(), input,
          fragments(WireFixtures.write(input))));
      return new FakeAnthropicReply(id, model, blocks, "tool_use", null);
    }
    List<String> pieces;
    if (toolResults != null) {
      pieces = FakeChatReply.split("The tool said: " + toolResults);
    } else if (knobs.chunks() >= 0) {
      pieces = numberedPieces(knobs.chunks());
    } else {
      pieces = FakeChatReply.split(knobs.echo() ? lastUserText(messages) : DEFAULT_TEXT);
    }
    String stopReason = "end_turn";
    String stopSequence = null;
    if (!request.path("stop_sequences").isEmpty()) {
      String full = String.join("", pieces);
      stopSequence = firstStopSequence(full, request.get("stop_sequences"));
      if (stopSequence != null) {
        pieces = cut(pieces, full.indexOf(stopSequence));
        stopReason = "stop_sequence";
      }
    }
    int budget = request.path("max_tokens").asInt(Integer.MAX_VALUE) - outputTokens(blocks);
    if (pieces.size() > budget) {
      pieces = pieces.subList(0, Math.max(0, budget));
      stopReason = "max_tokens";
      stopSequence = null;
    }
    if (!pieces.isEmpty()) {
      blocks.add(new Text(pieces));
    }
    return new FakeAnthropicReply(id, model, blocks, stopReason, stopSequence);
  }

  /** One token per piece: text and thinking deltas and input fragments; the signature is not counted. */
  int outputTokens() {
    return outputTokens(blocks);
  }

  /** The text of a {@code tool_result} block: string content, or its text blocks concatenated. */
  static String toolResultText(JsonNode toolResult) {
    return textOf(toolResult.path("content"));
  }

  private static int outputTokens(List<Block> blocks) {
    int tokens = 0;
    for (Block block : blocks) {
      tokens += block.pieces().size();
    }
    return tokens;
  }

  /** The contents of the {@code tool_result} blocks of a user message, joined by new lines; null when none. */
  private static String toolResults(JsonNode message) {
    if (!message.path("role").asText().equals("user") || !message.path("content").isArray()) {
      return null;
    }
    List<String> contents = new ArrayList<>();
    for (JsonNode part : message.get("content")) {
      if (part.path("type").asText().equals("tool_result")) {
        contents.add(toolResultText(part));
      }
    }
    return contents.isEmpty() ? null : String.join("\n", contents);
  }

  /** The tool to call, or null: tools offered and {@code tool_choice} not none; a named choice wins. */
  private static JsonNode chosenTool(JsonNode request) {
    JsonNode tools = request.path("tools");
    JsonNode choice = request.path("tool_choice");
    if (!tools.isArray() || tools.isEmpty() || choice.path("type").asText().equals("none")) {
      return null;
    }
    if (choice.path("type").asText().equals("tool")) {
      for (JsonNode tool : tools) {
        if (tool.path("name").asText().equals(choice.path("name").asText())) {
          return tool;
        }
      }
    }
    return tools.get(0);
  }

  private static String lastUserText(JsonNode messages) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).path("role").asText().equals("user")) {
        return textOf(messages.get(i).path("content"));
      }
    }
    return "";
  }

  /** String content, or the {@code text} of its blocks concatenated (images and tool blocks carry none). */
  private static String textOf(JsonNode content) {
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode part : content) {
      if (part.path("type").asText().equals("text")) {
        text.append(part.path("text").asText(""));
      }
    }
    return text.toString();
  }

  /** The stop sequence that occurs first in {@code text} (the longer one on a tie), or null. */
  private static String firstStopSequence(String text, JsonNode stops) {
    String first = null;
    int firstAt = Integer.MAX_VALUE;
    for (JsonNode stop : stops) {
      String sequence = stop.asText("");
      int at = sequence.isEmpty() ? -1 : text.indexOf(sequence);
      if (at >= 0 && (at < firstAt || at == firstAt && sequence.length() > first.length())) {
        first = sequence;
        firstAt = at;
      }
    }
    return first;
  }

  /** The pieces covering the first {@code length} characters, the last one shortened if needed. */
  private static List<String> cut(List<String> pieces, int length) {
    List<String> out = new ArrayList<>();
    int remaining = length;
    for (String piece : pieces) {
      if (remaining <= 0) {
        break;
      }
      out.add(piece.length() <= remaining ? piece : piece.substring(0, remaining));
      remaining -= piece.length();
    }
    return out;
  }

  private static List<String> numberedPieces(int n) {
    List<String> pieces = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      pieces.add("tok" + i + " ");
    }
    return pieces;
  }

  private static List<String> fragments(String json) {
    List<String> out = new ArrayList<>();
    int start = 0;
    while (start < json.length()) {
      int end = Math.min(json.length(), start + INPUT_FRAGMENT);
      if (end < json.length() && Character.isLowSurrogate(json.charAt(end))) {
        end++; // never split a surrogate pair: each fragment must be valid UTF-8 on its own
      }
      out.add(json.substring(start, end));
      start = end;
    }
    return out;
  }

  /** Opaque like upstream's: base64 of a hash of the thinking text, so it is stable and checkable. */
  private static String signature(String thinking) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest(("sluice-fake-thinking:" + thinking).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static String randomAlphanumeric(int length) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder out = new StringBuilder(length);
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }
}
