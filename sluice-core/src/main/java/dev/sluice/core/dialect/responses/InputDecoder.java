package dev.sluice.core.dialect.responses;

import static dev.sluice.core.dialect.responses.JsonMembers.given;
import static dev.sluice.core.dialect.responses.JsonMembers.index;
import static dev.sluice.core.dialect.responses.JsonMembers.optionalArray;
import static dev.sluice.core.dialect.responses.JsonMembers.optionalString;
import static dev.sluice.core.dialect.responses.JsonMembers.path;
import static dev.sluice.core.dialect.responses.JsonMembers.requiredName;
import static dev.sluice.core.dialect.responses.JsonMembers.requiredString;
import static dev.sluice.core.dialect.responses.RequestErrors.invalidType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.canonical.Message;
import dev.sluice.core.canonical.Part;
import dev.sluice.core.canonical.Role;
import dev.sluice.core.error.GatewayException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code input} member to the canonical conversation. Responses flattens an assistant turn into
 * separate items ({@code reasoning}, an assistant {@code message}, {@code function_call}s); consecutive
 * assistant items are gathered back into one assistant message, and each {@code function_call_output}
 * becomes a tool message, as Chat Completions would send them. System and developer messages join the
 * canonical system instructions, after {@code instructions}.
 *
 * <p>Sluice keeps no state between requests, so every {@code function_call_output} must answer a
 * {@code function_call} in the same input (OpenAI, without {@code previous_response_id}, refuses it too);
 * the call also gives the result its function name, which Gemini needs.
 *
 * <p>One instance per request; not thread-safe.
 */
final class InputDecoder {
  /** Items in one input: far above a long agent session (a few thousand), low enough to bound the work. */
  static final int MAX_ITEMS = 20_000;
  /** Content parts in one message or tool output (OpenAI takes up to 500 images in a request). */
  static final int MAX_PARTS = 2_000;

  static final List<String> ITEM_TYPES = List.of("message", "function_call", "function_call_output", "reasoning");
  static final List<String> ROLES = List.of("user", "assistant", "system", "developer");
  private static final List<String> USER_PARTS = List.of("input_text", "input_image", "input_file");
  private static final List<String> ASSISTANT_PARTS = List.of("output_text", "refusal");
  private static final List<String> DETAILS = List.of("low", "high", "auto");

  /** What {@code input} (with {@code instructions}) decodes to. */
  record Conversation(List<Part> system, List<Message> messages) {}

  private final List<Part> system;
  private final List<Message> messages = new ArrayList<>();
  private List<Part> assistantTurn = new ArrayList<>();
  private final Map<String, String> callNames = new HashMap<>();

  private InputDecoder(List<Part> instructions) {
    this.system = new ArrayList<>(instructions);
  }

  static Conversation decode(JsonNode input, List<Part> instructions) {
    InputDecoder d = new InputDecoder(instructions);
    if (input == null || input.isNull()) {
      throw RequestErrors.missing("input");
    }
    if (input.isTextual()) {
      d.messages.add(Message.text(Role.USER, input.textValue()));
    } else if (input.isArray()) {
      if (input.isEmpty()) {
        throw RequestErrors.emptyArray("input");
      }
      if (input.size() > MAX_ITEMS) {
        throw RequestErrors.arrayTooLong("input", MAX_ITEMS, input.size());
      }
      for (int i = 0; i < input.size(); i++) {
        d.item(input.get(i), index("input", i));
      }
      d.endAssistantTurn();
    } else {
      throw invalidType("input", "one of a string or an array of input items", input);
    }
    return new Conversation(d.system, d.messages);
  }

  private void item(JsonNode item, String at) {
    if (!item.isObject()) {
      throw invalidType(at, "an object", item);
    }
    String type = optionalString(item, "type", at);
    if (type == null) { // an "easy" input message: {role, content} without a type
      if (given(item, "role") == null) {
        throw RequestErrors.missing(path(at, "role"));
      }
      type = "message";
    }
    switch (type) {
      case "message" -> message(item, at);
      case "function_call" -> functionCall(item, at);
      case "function_call_output" -> functionCallOutput(item, at);
      case "reasoning" -> reasoning(item, at);
      case "item_reference" -> throw RequestErrors.unsupported(path(at, "type"),
          "Sluice does not store items, so an item_reference cannot be resolved; send the item itself.");
      default -> {
        if (type.endsWith("_call") || type.endsWith("_call_output") || type.startsWith("mcp_")) {
          throw RequestErrors.unsupported(path(at, "type"), "'" + type + "' items belong to tools OpenAI runs"
              + " on its side; Sluice serves function tools only (function_call and function_call_output).");
        }
        throw RequestErrors.invalidValue(path(at, "type"), type, ITEM_TYPES);
      }
    }
  }

  private void message(JsonNode item, String at) {
    String role = requiredString(item, "role", at);
    if (!ROLES.contains(role)) {
      throw RequestErrors.invalidValue(path(at, "role"), role, ROLES);
    }
    List<Part> parts = content(item.get("content"), path(at, "content"), role);
    switch (role) {
      case "user" -> {
        endAssistantTurn();
        messages.add(new Message(Role.USER, parts));
      }
      case "assistant" -> assistantTurn.addAll(parts);
      default -> system.addAll(parts); // system, developer
    }
  }

  private List<Part> content(JsonNode content, String at, String role) {
    if (content == null || content.isNull()) {
      throw RequestErrors.missing(at);
    }
    if (content.isTextual()) {
      return List.of(Part.Text.of(content.textValue()));
    }
    if (!content.isArray()) {
      throw invalidType(at, "one of a string or an array of content parts", content);
    }
    if (content.isEmpty()) {
      throw RequestErrors.emptyArray(at);
    }
    return parts(content, at, role);
  }

  private List<Part> parts(JsonNode array, String at, String role) {
    if (array.size() > MAX_PARTS) {
      throw RequestErrors.arrayTooLong(at, MAX_PARTS, array.size());
    }
    List<Part> parts = new ArrayList<>(array.size());
    for (int j = 0; j < array.size(); j++) {
      parts.add(part(array.get(j), index(at, j), role));
    }
    return parts;
  }

  /** One content part; {@code role} is the message's, or "tool" for a function call's output. */
  private static Part part(JsonNode part, String at, String role) {
    if (!part.isObject()) {
      throw invalidType(at, "an object", part);
    }
    String type = requiredString(part, "type", at);
    boolean assistant = role.equals("assistant");
    switch (type) {
      case "input_text" -> {
        return Part.Text.of(requiredString(part, "text", at));
      }
      case "output_text", "refusal" -> {
        if (!assistant) {
          throw RequestErrors.invalidValue(path(at, "type"), type, USER_PARTS);
        }
        return Part.Text.of(requiredString(part, type.equals("refusal") ? "refusal" : "text", at));
      }
      case "input_image" -> {
        if (assistant) {
          throw RequestErrors.invalidValue(path(at, "type"), type, ASSISTANT_PARTS);
        }
        if (role.equals("system") || role.equals("developer")) {
          throw RequestErrors.unsupported(path(at, "type"), "system and developer messages carry text only;"
              + " send images in a user message.");
        }
        return image(part, at);
      }
      case "input_file" -> throw RequestErrors.unsupported(path(at, "type"),
          "file inputs (PDFs and other documents) cannot be passed on by Sluice; send text or images.");
      default -> throw RequestErrors.invalidValue(path(at, "type"), type, assistant ? ASSISTANT_PARTS : USER_PARTS);
    }
  }

  private static Part.Image image(JsonNode part, String at) {
    String url = optionalString(part, "image_url", at);
    if (url == null) {
      if (optionalString(part, "file_id", at) != null) {
        throw RequestErrors.unsupported(path(at, "file_id"), "Sluice does not store files; send image_url with an"
            + " https URL or a base64 data URL.");
      }
      throw RequestErrors.missing(path(at, "image_url"));
    }
    boolean web = url.startsWith("https://") || url.startsWith("http://");
    boolean inline = url.startsWith("data:") && url.indexOf(";base64,") > "data:".length();
    if (!web && !inline) {
      throw GatewayException.invalidRequest("Invalid '" + path(at, "image_url") + "': expected an http(s) URL or a"
          + " base64 data URL (data:image/png;base64,...).", path(at, "image_url"), "invalid_value");
    }
    String detail = optionalString(part, "detail", at);
    if (detail != null && !DETAILS.contains(detail)) {
      throw RequestErrors.invalidValue(path(at, "detail"), detail, DETAILS);
    }
    return Part.Image.fromUrl(url, detail);
  }

  private void functionCall(JsonNode item, String at) {
    String callId = requiredName(item, "call_id", at);
    String name = requiredName(item, "name", at);
    String arguments = requiredString(item, "arguments", at);
    assistantTurn.add(new Part.ToolCall(callId, name, arguments));
    callNames.put(callId, name);
  }

  private void functionCallOutput(JsonNode item, String at) {
    String callId = requiredName(item, "call_id", at);
    JsonNode output = item.get("output");
    List<Part> content;
    if (output == null || output.isNull()) {
      throw RequestErrors.missing(path(at, "output"));
    } else if (output.isTextual()) {
      content = List.of(Part.Text.of(output.textValue()));
    } else if (output.isArray()) {
      content = parts(output, path(at, "output"), "tool");
    } else {
      throw invalidType(path(at, "output"), "one of a string or an array of content parts", output);
    }
    String name = callNames.get(callId);
    if (name == null) {
      throw GatewayException.invalidRequest("No tool call found for function call output with call_id " + callId
          + ". Sluice stores no earlier responses: send the function_call item before its output.",
          path(at, "call_id"), "invalid_value");
    }
    endAssistantTurn();
    messages.add(new Message(Role.TOOL, List.of(new Part.ToolResult(callId, name, content, false))));
  }

  /** A reasoning item: its summary (or full reasoning text) and opaque data, kept for the provider. */
  private void reasoning(JsonNode item, String at) {
    String text = joinedTexts(optionalArray(item, "summary", at), path(at, "summary"));
    if (text.isEmpty()) {
      text = joinedTexts(optionalArray(item, "content", at), path(at, "content"));
    }
    Part.Reasoning part = EncryptedReasoning.decode(text, optionalString(item, "encrypted_content", at));
    if (part != null) {
      assistantTurn.add(part);
    }
  }

  /** The {@code text} of each part of a summary or reasoning content, joined by blank lines. */
  private static String joinedTexts(JsonNode parts, String at) {
    if (parts == null) {
      return "";
    }
    if (parts.size() > MAX_PARTS) {
      throw RequestErrors.arrayTooLong(at, MAX_PARTS, parts.size());
    }
    StringBuilder sb = new StringBuilder();
    for (int j = 0; j < parts.size(); j++) {
      JsonNode p = parts.get(j);
      if (!p.isObject()) {
        throw invalidType(index(at, j), "an object", p);
      }
      String text = requiredString(p, "text", index(at, j));
      if (!sb.isEmpty() && !text.isEmpty()) {
        sb.append("\n\n");
      }
      sb.append(text);
    }
    return sb.toString();
  }

  private void endAssistantTurn() {
    if (!assistantTurn.isEmpty()) {
      messages.add(new Message(Role.ASSISTANT, assistantTurn));
      assistantTurn = new ArrayList<>();
    }
  }
}
