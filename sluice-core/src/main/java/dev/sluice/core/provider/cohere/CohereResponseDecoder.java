package dev.sluice.core.provider.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.canonical.ChatResponse;
import dev.sluice.core.canonical.Part;
import dev.sluice.core.error.GatewayException;
import java.util.ArrayList;
import java.util.List;

/**
 * A non-streamed Cohere v2 chat body ({@code {id, message: {role, content[], tool_plan, tool_calls[]},
 * finish_reason, usage}}) to canonical.
 *
 * <p>Parts come out in the canonical order: reasoning, text, tool calls. Cohere has two kinds of
 * reasoning and both become {@link Part.Reasoning} (without a signature: Cohere has none):
 * {@code thinking} content items (reasoning models with {@code thinking} enabled) and {@code tool_plan},
 * the plan the model writes before its tool calls ("I will look up the current weather in Paris."). The
 * plan is not answer text: a caller reading only text would otherwise see a sentence the model addressed
 * to itself, and keeping it as reasoning lets it return as {@code tool_plan} on the next turn
 * ({@link CohereMessageEncoder}). Cohere's body names no model, so {@code model} is null; citations are not
 * carried.
 */
final class CohereResponseDecoder {
  private CohereResponseDecoder() {}

  static ChatResponse decode(byte[] body) {
    JsonNode root = CohereJson.parseBody(body, "chat");
    JsonNode message = root.get("message");
    if (message == null || !message.isObject()) {
      throw GatewayException.upstream("Cohere answered without a message object.");
    }
    List<Part> reasoning = new ArrayList<>();
    List<Part> texts = new ArrayList<>();
    readContent(message.get("content"), reasoning, texts);
    String plan = CohereJson.text(message, "tool_plan");
    if (plan != null && !plan.isEmpty()) {
      reasoning.add(new Part.Reasoning(plan, null, null));
    }
    List<Part> content = new ArrayList<>(reasoning);
    content.addAll(texts);
    content.addAll(toolCalls(message.get("tool_calls")));
    return new ChatResponse(CohereJson.text(root, "id"), null, content,
        CohereFinishReasons.toFinishReason(CohereJson.text(root, "finish_reason")), null,
        CohereUsage.from(root.get("usage")));
  }

  private static void readContent(JsonNode content, List<Part> reasoning, List<Part> texts) {
    if (content == null || content.isNull()) {
      return;
    }
    if (content.isTextual()) { // the request shape; tolerated in answers too
      texts.add(Part.Text.of(content.asText()));
      return;
    }
    if (!content.isArray()) {
      throw GatewayException.upstream("Cohere answered with message.content that is not a list.");
    }
    for (JsonNode item : content) {
      String type = item.isObject() ? CohereJson.text(item, "type") : null;
      if ("text".equals(type) && CohereJson.text(item, "text") != null) {
        texts.add(Part.Text.of(item.get("text").asText()));
      } else if ("thinking".equals(type) && CohereJson.text(item, "thinking") != null) {
        reasoning.add(new Part.Reasoning(item.get("thinking").asText(), null, null));
      } else if (type == null) {
        throw GatewayException.upstream("Cohere answered with a content item without a type.");
      } // other item types (future ones) carry nothing the canonical answer holds
    }
  }

  private static List<Part> toolCalls(JsonNode calls) {
    List<Part> out = new ArrayList<>();
    if (calls == null || calls.isNull()) {
      return out;
    }
    if (!calls.isArray()) {
      throw GatewayException.upstream("Cohere answered with tool_calls that is not a list.");
    }
    for (JsonNode call : calls) {
      JsonNode function = call.path("function");
      String id = CohereJson.text(call, "id");
      String name = function.isObject() ? CohereJson.text(function, "name") : null;
      if (id == null || name == null) {
        throw GatewayException.upstream("Cohere answered with a tool call without an id or a function name.");
      }
      out.add(new Part.ToolCall(id, name, arguments(function.get("arguments"))));
    }
    return out;
  }

  /** Cohere sends arguments as a JSON string; an object (seen from some compatible hosts) is written out. */
  private static String arguments(JsonNode arguments) {
    if (arguments == null || arguments.isNull()) {
      return "{}";
    }
    return arguments.isTextual() ? arguments.asText() : arguments.toString();
  }
}
