package dev.sluice.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What {@link FakeGeminiProvider} answers to one {@code generateContent} request, before it is put in wire shape
 * ({@link FakeGeminiResponder}), so the streamed, the array and the unary answers agree by construction. The same
 * decisions as {@link FakeChatReply}, read from Gemini's request shape:
 * <ul>
 *   <li>last content holds a {@code functionResponse}: "The tool said: " + its {@code response.result} (or
 *       {@code output}, {@code content}, {@code error}; else the response object as JSON);
 *   <li>{@code tools[].functionDeclarations} given and {@code toolConfig.functionCallingConfig.mode} not
 *       {@code NONE}: one call to the first declaration, or to the first of {@code allowedFunctionNames}, with
 *       arguments from its {@code parametersJsonSchema} (or OpenAPI-style {@code parameters}) by
 *       {@link SchemaExamples};
 *   <li>{@code chunks-<n>}: {@code "tok0 "}, {@code "tok1 "}, ...; {@code responseMimeType: application/json}: an
 *       instance of {@code responseJsonSchema}/{@code responseSchema} (or {@code {"answer":"Hello"}});
 *       {@code echo}: the last user text; else the fixture's "Hello! How can I help you today?".
 * </ul>
 * {@code thinkingConfig.includeThoughts} adds a thought summary (a {@code thought: true} part first); a thinking
 * budget without it still costs thoughts tokens, unseen, as Gemini 2.5 does.
 *
 * @param pieces text pieces, or the whole arguments JSON as the only piece of a tool call
 * @param toolName the called function, null for a text answer
 * @param thought the thought summary, null when none is shown
 * @param thoughtsTokens thinking tokens to report, 0 for none (then {@code thoughtsTokenCount} is left out)
 */
record FakeGeminiReply(
    String responseId, String model, List<String> pieces, String toolName, String thought, int thoughtsTokens,
    int promptTokens) {

  static final String THOUGHT = "**Answering the greeting**\n\nThe user says hello; a short, friendly reply fits.";
  /** Thinking spent when a budget is set but thoughts are not shown: the fixture's own count. */
  static final int HIDDEN_THOUGHTS_TOKENS = 31;
  private static final String DEFAULT_TEXT = WireFixtures.json("gemini/generateContent-text.json")
      .at("/candidates/0/content/parts/0/text").asText();

  FakeGeminiReply {
    pieces = List.copyOf(pieces);
  }

  static FakeGeminiReply from(JsonNode request, String model, FakeModelName knobs) {
    String id = randomId();
    int promptTokens = promptTokens(request);
    JsonNode contents = request.path("contents");
    JsonNode last = contents.isArray() && !contents.isEmpty() ? contents.get(contents.size() - 1) : MissingNode.getInstance();
    JsonNode functionResponse = functionResponse(last);
    JsonNode thinking = request.path("generationConfig").path("thinkingConfig");
    boolean showThoughts = thinking.path("includeThoughts").asBoolean(false);
    String thought = showThoughts ? THOUGHT : null;
    int thoughtsTokens = showThoughts ? FakeChatReply.split(THOUGHT).size()
        : thinking.path("thinkingBudget").asInt(0) != 0 ? HIDDEN_THOUGHTS_TOKENS : 0;

    JsonNode function = functionResponse == null ? chosenFunction(request) : null;
    if (function != null) {
      String arguments = WireFixtures.write(SchemaExamples.minimalInstance(schemaOf(function)));
      return new FakeGeminiReply(id, model, List.of(arguments), function.path("name").asText(), thought,
          thoughtsTokens, promptTokens);
    }
    List<String> pieces = knobs.chunks() >= 0 && functionResponse == null
        ? numbered(knobs.chunks())
        : FakeChatReply.split(functionResponse != null ? "The tool said: " + resultText(functionResponse)
            : text(request, knobs));
    return new FakeGeminiReply(id, model, pieces, null, thought, thoughtsTokens, promptTokens);
  }

  boolean isToolCall() {
    return toolName != null;
  }

  String content() {
    return String.join("", pieces);
  }

  /** Text: one token per piece, as the OpenAI fake counts; a call: about four characters per token. */
  int candidatesTokens() {
    return isToolCall() ? Math.max(1, content().length() / 4) : pieces.size();
  }

  /** About four characters per token over every text the request holds, never zero (as {@link FakeChatReply}). */
  static int promptTokens(JsonNode request) {
    long chars = textLength(request.path("systemInstruction"));
    for (JsonNode content : request.path("contents")) {
      chars += textLength(content);
    }
    return (int) Math.max(1, chars / 4);
  }

  private static long textLength(JsonNode content) {
    long chars = 0;
    for (JsonNode part : content.path("parts")) {
      chars += part.path("text").asText("").length();
    }
    return chars;
  }

  private static JsonNode functionResponse(JsonNode content) {
    for (JsonNode part : content.path("parts")) {
      if (part.path("functionResponse").isObject()) {
        return part.get("functionResponse");
      }
    }
    return null;
  }

  private static String resultText(JsonNode functionResponse) {
    JsonNode response = functionResponse.path("response");
    for (String key : List.of("result", "output", "content", "error")) {
      if (response.path(key).isTextual()) {
        return response.get(key).asText();
      }
    }
    return WireFixtures.write(response);
  }

  /** The declaration to call, or null: none given, mode NONE, or an allowed name that matches none. */
  private static JsonNode chosenFunction(JsonNode request) {
    List<JsonNode> declarations = new ArrayList<>();
    for (JsonNode tool : request.path("tools")) {
      tool.path("functionDeclarations").forEach(declarations::add);
    }
    JsonNode config = request.path("toolConfig").path("functionCallingConfig");
    if (declarations.isEmpty() || config.path("mode").asText().equals("NONE")) {
      return null;
    }
    String wanted = config.path("allowedFunctionNames").path(0).asText(null);
    for (JsonNode declaration : declarations) {
      if (wanted == null || wanted.equals(declaration.path("name").asText())) {
        return declaration;
      }
    }
    return null;
  }

  private static JsonNode schemaOf(JsonNode declaration) {
    return declaration.has("parametersJsonSchema") ? declaration.get("parametersJsonSchema")
        : openApiTypesLowered(declaration.path("parameters"));
  }

  private static String text(JsonNode request, FakeModelName knobs) {
    JsonNode generation = request.path("generationConfig");
    if (generation.path("responseMimeType").asText().equals("application/json")) {
      if (generation.has("responseJsonSchema")) {
        return WireFixtures.write(SchemaExamples.minimalInstance(generation.get("responseJsonSchema")));
      }
      if (generation.has("responseSchema")) {
        return WireFixtures.write(SchemaExamples.minimalInstance(openApiTypesLowered(generation.get("responseSchema"))));
      }
      return "{\"answer\":\"Hello\"}";
    }
    return knobs.echo() ? lastUserText(request.path("contents")) : DEFAULT_TEXT;
  }

  private static String lastUserText(JsonNode contents) {
    for (int i = contents.size() - 1; i >= 0; i--) {
      JsonNode content = contents.get(i);
      if (content.path("role").asText("user").equals("user") && functionResponse(content) == null) {
        StringBuilder text = new StringBuilder();
        content.path("parts").forEach(p -> text.append(p.path("text").asText("")));
        return text.toString();
      }
    }
    return "";
  }

  /** Google's OpenAPI {@code Schema} writes types in capitals ({@code OBJECT}); {@link SchemaExamples} reads JSON Schema. */
  private static JsonNode openApiTypesLowered(JsonNode schema) {
    if (schema == null || schema.isMissingNode()) {
      return schema;
    }
    JsonNode copy = schema.deepCopy();
    lowerTypes(copy);
    return copy;
  }

  private static void lowerTypes(JsonNode node) {
    if (node instanceof ObjectNode object) {
      if (object.path("type").isTextual()) {
        object.put("type", object.get("type").asText().toLowerCase(Locale.ROOT));
      }
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        lowerTypes(field.getValue());
      }
    } else if (node instanceof ArrayNode array) {
      array.forEach(FakeGeminiReply::lowerTypes);
    }
  }

  private static List<String> numbered(int n) {
    List<String> pieces = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      pieces.add("tok" + i + " ");
    }
    return pieces;
  }

  /** 23 characters like the fixtures' {@code responseId}s. */
  private static String randomId() {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder out = new StringBuilder(23);
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < 23; i++) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }
}
