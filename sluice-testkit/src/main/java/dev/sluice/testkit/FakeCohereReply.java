package dev.sluice.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What {@link FakeCohereProvider} answers to one chat request: the shared {@link FakeChatReply} decision (same words,
 * tool-call arguments and token counts as the OpenAI fake) with Cohere's ids, plus the tool plan Cohere writes before
 * its tool calls. The Cohere body is first read into the OpenAI shape the shared decision understands: its tools are
 * already OpenAI-shaped; {@code tool_choice} is upper case; {@code response_format} puts the schema right under
 * {@code json_schema}; tool results may be {@code document} items.
 *
 * @param plan the tool plan pieces (streamed as {@code tool-plan-delta}s), empty for a text answer
 */
record FakeCohereReply(FakeChatReply reply, List<String> plan) {

  static FakeCohereReply from(JsonNode cohereRequest, FakeModelName knobs) {
    FakeChatReply shared = FakeChatReply.from(asOpenAiShape(cohereRequest), knobs);
    String toolCallId = shared.isToolCall() ? shared.toolName() + "_" + randomLowercase(12) : null;
    FakeChatReply reply = new FakeChatReply(UUID.randomUUID().toString(), shared.created(), shared.model(),
        shared.pieces(), toolCallId, shared.toolName(), shared.promptTokens());
    List<String> plan = shared.isToolCall()
        ? FakeChatReply.split("I will use " + shared.toolName() + " to answer this.")
        : List.of();
    return new FakeCohereReply(reply, plan);
  }

  String planText() {
    return String.join("", plan);
  }

  /** Output tokens: the reply's pieces and the plan's, one token each (the OpenAI fake's stand-in tokenizer). */
  int outputTokens() {
    return reply.completionTokens() + plan.size();
  }

  static JsonNode asOpenAiShape(JsonNode cohere) {
    ObjectNode copy = cohere.deepCopy();
    if (copy.path("tool_choice").isTextual()) {
      copy.put("tool_choice", copy.get("tool_choice").asText().toLowerCase(java.util.Locale.ROOT));
    }
    JsonNode format = copy.path("response_format");
    if (format.path("type").asText().equals("json_object") && format.path("json_schema").isObject()) {
      ObjectNode openAi = copy.putObject("response_format").put("type", "json_schema");
      openAi.putObject("json_schema").set("schema", format.get("json_schema"));
    }
    for (JsonNode message : copy.path("messages")) {
      if (message.path("content").isArray() && message instanceof ObjectNode m) {
        m.set("content", documentsAsText((ArrayNode) message.get("content")));
      }
    }
    return copy;
  }

  /** {@code {"type":"document","document":{"data":...}}} items read as text, as the model would see them. */
  private static ArrayNode documentsAsText(ArrayNode items) {
    ArrayNode out = WireFixtures.JSON.createArrayNode();
    for (JsonNode item : items) {
      if (item.path("type").asText().equals("document")) {
        JsonNode data = item.path("document").path("data");
        out.addObject().put("type", "text").put("text", data.isTextual() ? data.asText() : data.toString());
      } else {
        out.add(item);
      }
    }
    return out;
  }

  private static String randomLowercase(int length) {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder out = new StringBuilder(length);
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }
}
