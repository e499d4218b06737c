package dev.sluice.core.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.canonical.Message;
import dev.sluice.core.canonical.Part;
import dev.sluice.core.canonical.Role;
import dev.sluice.core.error.GatewayException;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Canonical messages → Gemini {@code contents}: role {@code user} (user and tool messages) or {@code model}.
 *
 * <ul>
 *   <li>Adjacent contents of the same role are merged: the function-calling guide sends all responses to one
 *       turn's parallel calls in a single {@code user} content, in the order of the calls.
 *   <li>A tool result becomes {@code functionResponse {name, response: {result: text}}} ({@code error} instead of
 *       {@code result} when the caller flagged it: the API reference reads "use 'output' ... and 'error' key to
 *       specify error details", and any other key is taken as output). Gemini needs the function's
 *       name: the result's own, else the name of the earlier call with that id.
 *   <li>Reasoning with text goes back as a {@code thought: true} part; a signature-only reasoning is the
 *       {@code thoughtSignature} of the next text or call part of the same message (where the decoder found
 *       it), or, with no such part, of an empty text part, as Gemini itself sends trailing signatures.
 *       Redacted reasoning is another provider's and is dropped.
 *   <li>System messages are not contents (the request encoder moves them to {@code systemInstruction});
 *       messages left without parts are skipped, because Gemini rejects a content with no parts.
 * </ul>
 */
final class GeminiContentsEncoder {
  private GeminiContentsEncoder() {}

  static ArrayNode encode(List<Message> messages) {
    Map<String, String> callNames = callNames(messages);
    ArrayNode contents = GeminiJson.MAPPER.createArrayNode();
    ObjectNode previous = null;
    for (int i = 0; i < messages.size(); i++) {
      Message message = messages.get(i);
      if (message.role() == Role.SYSTEM) {
        continue;
      }
      String role = message.role() == Role.ASSISTANT ? "model" : "user";
      ArrayNode parts = parts(message, "messages[" + i + "]", callNames);
      if (parts.isEmpty()) {
        continue;
      }
      if (previous != null && role.equals(previous.get("role").asText())) {
        ((ArrayNode) previous.get("parts")).addAll(parts);
      } else {
        previous = contents.addObject().put("role", role);
        previous.set("parts", parts);
      }
    }
    return contents;
  }

  private static ArrayNode parts(Message message, String param, Map<String, String> callNames) {
    ArrayNode parts = GeminiJson.MAPPER.createArrayNode();
    boolean fromModel = message.role() == Role.ASSISTANT;
    String pendingSignature = null;
    for (Part part : message.parts()) {
      ObjectNode encoded = switch (part) {
        case Part.Text t -> GeminiJson.MAPPER.createObjectNode().put("text", t.text());
        case Part.Image image -> GeminiImages.part(image);
        case Part.ToolCall call -> functionCall(call, param);
        case Part.ToolResult result -> {
          functionResponse(result, param, callNames, parts);
          yield null; // added with its images
        }
        case Part.Reasoning r -> {
          if (!fromModel || (isEmpty(r.text()) && r.signature() == null)) {
            yield null; // not Gemini's to read back (another provider's redacted data), or nothing at all
          }
          if (isEmpty(r.text())) {
            flushSignature(parts, pendingSignature);
            pendingSignature = r.signature();
            yield null;
          }
          ObjectNode thought = GeminiJson.MAPPER.createObjectNode().put("text", r.text()).put("thought", true);
          yield r.signature() == null ? thought : thought.put("thoughtSignature", r.signature());
        }
      };
      if (encoded == null) {
        continue;
      }
      if (pendingSignature != null) {
        if (encoded.has("functionCall") || isPlainText(encoded)) {
          encoded.put("thoughtSignature", pendingSignature);
        } else {
          flushSignature(parts, pendingSignature); // keeps the order; the decoder never produces this
        }
        pendingSignature = null;
      }
      parts.add(encoded);
    }
    flushSignature(parts, pendingSignature);
    return parts;
  }

  private static void flushSignature(ArrayNode parts, String signature) {
    if (signature != null) {
      parts.addObject().put("text", "").put("thoughtSignature", signature);
    }
  }

  private static boolean isPlainText(ObjectNode part) {
    return part.has("text") && !part.has("thought");
  }

  private static ObjectNode functionCall(Part.ToolCall call, String param) {
    JsonNode args;
    try {
      args = GeminiJson.MAPPER.readTree(call.argumentsJson());
    } catch (IOException e) {
      args = null;
    }
    if (args == null || !args.isObject()) {
      throw GatewayException.invalidRequest("The arguments of tool call '" + call.id()
          + "' are not a JSON object; Gemini takes function-call arguments as an object.", param);
    }
    ObjectNode part = GeminiJson.MAPPER.createObjectNode();
    part.putObject("functionCall").put("name", call.name()).set("args", args);
    return part;
  }

  private static void functionResponse(Part.ToolResult result, String param, Map<String, String> callNames,
      ArrayNode parts) {
    String name = result.name() != null && !result.name().isEmpty()
        ? result.name() : callNames.get(result.toolCallId());
    if (name == null) {
      throw GatewayException.invalidRequest("The tool result for call '" + result.toolCallId()
          + "' names no function and no earlier tool call has that id; Gemini needs the function's name.", param);
    }
    ObjectNode response = parts.addObject().putObject("functionResponse").put("name", name);
    response.putObject("response").put(result.isError() ? "error" : "result", result.text());
    for (Part p : result.content()) {
      if (p instanceof Part.Image image) {
        parts.add(GeminiImages.part(image)); // beside the response: the result object holds text only
      }
    }
  }

  /** Tool call id → function name, over the whole conversation (ids are unique in it). */
  private static Map<String, String> callNames(List<Message> messages) {
    Map<String, String> names = new HashMap<>();
    for (Message m : messages) {
      for (Part p : m.parts()) {
        if (p instanceof Part.ToolCall call) {
          names.put(call.id(), call.name());
        }
      }
    }
    return names;
  }

  private static boolean isEmpty(String s) {
    return s == null || s.isEmpty();
  }
}
