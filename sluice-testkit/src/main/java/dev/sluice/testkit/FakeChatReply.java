package dev.sluice.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the fake answers to one chat request, before it is put in wire shape: the content pieces (or the tool-call
 * argument fragments), the finish reason and the token counts. Deciding here and rendering in
 * {@link FakeChatResponder} keeps the streamed and unary answers identical by construction.
 *
 * @param pieces text deltas, or argument fragments when {@code toolName} is set; joined they are the full content
 * @param toolCallId {@code call_...} id, null for a text answer
 * @param toolName the called function, null for a text answer
 */
record FakeChatReply(
    String id, long created, String model, List<String> pieces, String toolCallId, String toolName,
    int promptTokens) {

  /** "Word-ish" pieces as OpenAI streams them: a word with its leading space, or one punctuation mark. */
  private static final Pattern PIECE = Pattern.compile("\\s*(?:\\w+|[^\\w\\s])|\\s+", Pattern.UNICODE_CHARACTER_CLASS);
  /** The reply when nothing in the request asks for another: the fixture's own text. */
  private static final String DEFAULT_TEXT =
      WireFixtures.json("openai/chat-completion.json").at("/choices/0/message/content").asText();
  /** Argument fragment size: the captured tool-call streams carry 5-10 characters per delta. */
  private static final int ARGUMENT_FRAGMENT = 8;

  FakeChatReply {
    pieces = List.copyOf(pieces);
  }

  static FakeChatReply from(JsonNode request, FakeModelName knobs) {
    String id = "chatcmpl-" + randomAlphanumeric(28);
    long created = System.currentTimeMillis() / 1000;
    String model = request.path("model").asText();
    JsonNode messages = request.path("messages");
    int promptTokens = estimateTokens(messages);
    JsonNode last = messages.isArray() && !messages.isEmpty() ? messages.get(messages.size() - 1) : MissingNode.getInstance();
    boolean answersToolResult = last.path("role").asText().equals("tool");

    JsonNode function = answersToolResult ? null : chosenFunction(request);
    if (function != null) {
      String arguments = WireFixtures.write(SchemaExamples.minimalInstance(function.path("parameters")));
      return new FakeChatReply(id, created, model, fragments(arguments), "call_" + randomAlphanumeric(24),
          function.path("name").asText(), promptTokens);
    }
    List<String> pieces = knobs.chunks() >= 0 && !answersToolResult
        ? numberedPieces(knobs.chunks())
        : split(answersToolResult ? "The tool said: " + textOf(last.get("content")) : text(request, knobs));
    return new FakeChatReply(id, created, model, pieces, null, null, promptTokens);
  }

  boolean isToolCall() {
    return toolName != null;
  }

  String content() {
    return String.join("", pieces);
  }

  int completionTokens() {
    return pieces.size();
  }

  private static String text(JsonNode request, FakeModelName knobs) {
    JsonNode format = request.path("response_format");
    switch (format.path("type").asText()) {
      case "json_schema" -> {
        return WireFixtures.write(SchemaExamples.minimalInstance(format.path("json_schema").path("schema")));
      }
      case "json_object" -> {
        return "{\"answer\":\"Hello\"}";
      }
      default -> { /* plain text */ }
    }
    if (knobs.echo()) {
      return lastUserText(request.path("messages"));
    }
    return DEFAULT_TEXT;
  }

  /** The tool to call, or null: tools offered, {@code tool_choice} not "none"; a named choice wins over the first. */
  private static JsonNode chosenFunction(JsonNode request) {
    JsonNode tools = request.path("tools");
    JsonNode choice = request.path("tool_choice");
    if (!tools.isArray() || tools.isEmpty() || choice.asText().equals("none")) {
      return null;
    }
    String wanted = choice.path("function").path("name").asText(null);
    for (JsonNode tool : tools) {
      if (wanted != null && wanted.equals(tool.path("function").path("name").asText())) {
        return tool.get("function");
      }
    }
    return tools.get(0).path("function");
  }

  private static String lastUserText(JsonNode messages) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).path("role").asText().equals("user")) {
        return textOf(messages.get(i).get("content"));
      }
    }
    return "";
  }

  /** String content, or the text parts of array content concatenated (images and audio carry no text). */
  static String textOf(JsonNode content) {
    if (content == null || content.isNull()) {
      return "";
    }
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode part : content) {
      text.append(part.path("text").asText(""));
    }
    return text.toString();
  }

  /** A deterministic stand-in for a tokenizer: about four characters per token, never zero. */
  static int estimateTokens(JsonNode messages) {
    long chars = 0;
    for (JsonNode message : messages) {
      chars += textOf(message.get("content")).length();
    }
    return (int) Math.max(1, chars / 4);
  }

  static List<String> split(String text) {
    List<String> pieces = new ArrayList<>();
    Matcher matcher = PIECE.matcher(text);
    while (matcher.find()) {
      pieces.add(matcher.group());
    }
    return pieces;
  }

  private static List<String> numberedPieces(int n) {
    List<String> pieces = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      pieces.add("tok" + i + " ");
    }
    return pieces;
  }

  private static List<String> fragments(String arguments) {
    List<String> out = new ArrayList<>();
    int start = 0;
    while (start < arguments.length()) {
      int end = Math.min(arguments.length(), start + ARGUMENT_FRAGMENT);
      if (end < arguments.length() && Character.isLowSurrogate(arguments.charAt(end))) {
        end++; // never split a surrogate pair: each fragment must be valid UTF-8 on its own
      }
      out.add(arguments.substring(start, end));
      start = end;
    }
    return out;
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
