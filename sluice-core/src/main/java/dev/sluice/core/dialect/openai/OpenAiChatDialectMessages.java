package dev.sluice.core.dialect.openai;

import static dev.sluice.core.dialect.openai.OpenAiCanonicalFields.absent;
import static dev.sluice.core.dialect.openai.OpenAiCanonicalFields.array;
import static dev.sluice.core.dialect.openai.OpenAiCanonicalFields.object;
import static dev.sluice.core.dialect.openai.OpenAiCanonicalFields.requiredString;
import static dev.sluice.core.dialect.openai.OpenAiCanonicalFields.string;

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
 * OpenAI's {@code messages} → canonical system parts and messages.
 *
 * <ul>
 *   <li>{@code system} and {@code developer} messages become system text parts, in order, wherever they
 *       stand (every other provider takes instructions only up front).
 *   <li>{@code user} content is a string or text and {@code image_url} parts (http(s) or base64 data URL).
 *   <li>{@code assistant}: {@code reasoning_content} (DeepSeek's convention, which Sluice also answers with)
 *       first, then text (refusal parts count as text), then its {@code tool_calls}.
 *   <li>{@code tool}: a {@link Role#TOOL} message holding one {@link Part.ToolResult}, named after the
 *       assistant call with that id (Gemini needs the name; OpenAI's format carries only the id).
 * </ul>
 *
 * <p>The message {@code name} member is dropped (no other provider has it). Legacy {@code function} messages
 * are refused: the legacy functions API has no call ids to tie a result to its call.
 */
final class OpenAiChatDialectMessages {
  static final List<String> USER_PART_TYPES = List.of("text", "image_url");
  static final List<String> ASSISTANT_PART_TYPES = List.of("text", "refusal");

  /** The decoded conversation. */
  record Decoded(List<Part> system, List<Message> messages) {}

  private final List<Part> system = new ArrayList<>();
  private final List<Message> messages = new ArrayList<>();
  private final Map<String, String> toolNames = new HashMap<>(); // call id -> function name, as calls appear

  private OpenAiChatDialectMessages() {}

  /** {@code messages} was validated by {@link OpenAiChatRequest#parse}: an array of objects with known roles. */
  static Decoded decode(JsonNode messages) {
    OpenAiChatDialectMessages d = new OpenAiChatDialectMessages();
    for (int i = 0; i < messages.size(); i++) {
      d.message(messages.get(i), "messages[" + i + "]");
    }
    return new Decoded(d.system, d.messages);
  }

  private void message(JsonNode m, String at) {
    String role = m.get("role").textValue();
    JsonNode content = m.get("content");
    switch (role) {
      case "system", "developer" -> system.addAll(textParts(content, at + ".content", List.of("text")));
      case "user" -> messages.add(new Message(Role.USER, userParts(content, at + ".content")));
      case "assistant" -> messages.add(assistant(m, at));
      case "tool" -> messages.add(toolResult(m, at));
      default -> throw GatewayException.invalidRequest("Messages with role '" + role + "' (the legacy functions"
          + " API) are not supported for this model; use 'tools' and role 'tool'.", at + ".role", "unsupported_value");
    }
  }

  /** Content that may hold only text: a string, or text (and for assistants refusal) parts. */
  private static List<Part> textParts(JsonNode content, String at, List<String> partTypes) {
    if (absent(content)) {
      return List.of();
    }
    if (content.isTextual()) {
      return List.of(Part.Text.of(content.textValue()));
    }
    List<Part> parts = new ArrayList<>();
    for (int j = 0; j < content.size(); j++) {
      JsonNode part = content.get(j);
      String pat = at + "[" + j + "]";
      String type = partType(part, pat, partTypes);
      parts.add(Part.Text.of(requiredString(part.get(type), pat + "." + type)));
    }
    return parts;
  }

  private static List<Part> userParts(JsonNode content, String at) {
    if (content.isTextual()) {
      return List.of(Part.Text.of(content.textValue()));
    }
    List<Part> parts = new ArrayList<>();
    for (int j = 0; j < content.size(); j++) {
      JsonNode part = content.get(j);
      String pat = at + "[" + j + "]";
      if (partType(part, pat, USER_PART_TYPES).equals("text")) {
        parts.add(Part.Text.of(requiredString(part.get("text"), pat + ".text")));
      } else {
        parts.add(image(part, pat + ".image_url"));
      }
    }
    return parts;
  }

  private static String partType(JsonNode part, String at, List<String> allowed) {
    String type = requiredString(part.get("type"), at + ".type");
    if (!allowed.contains(type)) {
      throw InvalidParams.invalidValue(at + ".type", type, allowed);
    }
    return type;
  }

  /** {@code {"image_url": {"url": ..., "detail": ...}}}: an http(s) URL or a base64 data URL. */
  private static Part.Image image(JsonNode part, String at) {
    JsonNode imageUrl = object(part.get("image_url"), at);
    if (imageUrl == null) {
      throw InvalidParams.missing(at);
    }
    String url = requiredString(imageUrl.get("url"), at + ".url");
    String detail = string(imageUrl.get("detail"), at + ".detail");
    boolean web = url.startsWith("https://") || url.startsWith("http://");
    boolean inline = url.startsWith("data:") && url.indexOf(";base64,") > 5;
    if (!web && !inline) {
      throw GatewayException.invalidRequest("Invalid image URL in '" + at + ".url': expected an http(s) URL or a"
          + " base64 data URL (data:image/png;base64,...).", at + ".url", "invalid_value");
    }
    return Part.Image.fromUrl(url, detail);
  }

  private Message assistant(JsonNode m, String at) {
    List<Part> parts = new ArrayList<>();
    String reasoning = string(m.get("reasoning_content"), at + ".reasoning_content");
    if (reasoning != null && !reasoning.isEmpty()) {
      parts.add(new Part.Reasoning(reasoning, null, null));
    }
    parts.addAll(textParts(m.get("content"), at + ".content", ASSISTANT_PART_TYPES));
    JsonNode calls = array(m.get("tool_calls"), at + ".tool_calls");
    if (calls != null) {
      for (int k = 0; k < calls.size(); k++) {
        parts.add(toolCall(calls.get(k), at + ".tool_calls[" + k + "]"));
      }
    }
    if (!absent(m.get("function_call"))) {
      throw GatewayException.invalidRequest("The legacy 'function_call' is not supported for this model; use"
          + " 'tool_calls'.", at + ".function_call", "unsupported_parameter");
    }
    return new Message(Role.ASSISTANT, parts);
  }

  private Part.ToolCall toolCall(JsonNode call, String at) {
    if (object(call, at) == null) {
      throw InvalidParams.missing(at);
    }
    String id = requiredString(call.get("id"), at + ".id");
    JsonNode function = object(call.get("function"), at + ".function");
    if (function == null) {
      throw InvalidParams.missing(at + ".function");
    }
    String name = requiredString(function.get("name"), at + ".function.name");
    JsonNode arguments = function.get("arguments");
    // OpenAI sends arguments as a JSON string; tolerate an object, which some clients write by hand
    String json = arguments != null && arguments.isObject() ? arguments.toString()
        : string(arguments, at + ".function.arguments");
    toolNames.put(id, name);
    return new Part.ToolCall(id, name, json);
  }

  private Message toolResult(JsonNode m, String at) {
    String id = requiredString(m.get("tool_call_id"), at + ".tool_call_id");
    String name = toolNames.get(id);
    if (name == null) {
      // OpenAI's own wording (sic) for the same mistake; every other provider refuses it too
      throw GatewayException.invalidRequest("Invalid parameter: messages with role 'tool' must be a response to a"
          + " preceeding message with 'tool_calls'.", at + ".role");
    }
    List<Part> content = textParts(m.get("content"), at + ".content", List.of("text"));
    return new Message(Role.TOOL, List.of(new Part.ToolResult(id, name, content, /* isError= */ false)));
  }
}
