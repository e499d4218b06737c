package dev.sluice.core.dialect.responses;

import static dev.sluice.core.dialect.responses.JsonMembers.given;
import static dev.sluice.core.dialect.responses.JsonMembers.index;
import static dev.sluice.core.dialect.responses.JsonMembers.optionalBoolean;
import static dev.sluice.core.dialect.responses.JsonMembers.optionalString;
import static dev.sluice.core.dialect.responses.JsonMembers.path;
import static dev.sluice.core.dialect.responses.JsonMembers.requiredString;
import static dev.sluice.core.dialect.responses.RequestErrors.invalidType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.canonical.Tool;
import dev.sluice.core.canonical.ToolChoice;
import dev.sluice.core.error.GatewayException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code tools} and {@code tool_choice}. Responses declares a function flat
 * ({@code {type: function, name, description, parameters, strict}}, not nested under {@code function} as in
 * Chat Completions). Only function tools can be served: the others (web_search, file_search, computer use,
 * code interpreter, MCP, ...) are run by OpenAI itself, so they are refused by name rather than dropped,
 * and a caller never believes a search ran. {@code strict} is checked and then dropped: the canonical tool
 * has no such flag.
 */
final class ToolsDecoder {
  /** OpenAI's own limit on a function name (and on a schema name): letters, digits, _ and -, up to 64. */
  static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
  /** Far above real use (OpenAI documents 128 functions as its working maximum). */
  static final int MAX_TOOLS = 512;

  private static final List<String> CHOICES = List.of("none", "auto", "required");

  private ToolsDecoder() {}

  static List<Tool> tools(JsonNode tools) {
    if (tools == null) {
      return List.of();
    }
    if (!tools.isArray()) {
      throw invalidType("tools", "an array", tools);
    }
    if (tools.size() > MAX_TOOLS) {
      throw RequestErrors.arrayTooLong("tools", MAX_TOOLS, tools.size());
    }
    List<Tool> out = new ArrayList<>(tools.size());
    for (int i = 0; i < tools.size(); i++) {
      out.add(tool(tools.get(i), index("tools", i)));
    }
    return out;
  }

  private static Tool tool(JsonNode tool, String at) {
    if (!tool.isObject()) {
      throw invalidType(at, "an object", tool);
    }
    String type = requiredString(tool, "type", at);
    if (!type.equals("function")) {
      throw RequestErrors.unsupported(path(at, "type"), "'" + type + "' is a tool OpenAI runs on its side;"
          + " Sluice serves function tools only ({\"type\": \"function\", \"name\": ..., \"parameters\": ...}).");
    }
    String name = name(tool, "name", at);
    String description = optionalString(tool, "description", at);
    JsonNode parameters = given(tool, "parameters");
    if (parameters != null && !parameters.isObject()) {
      throw invalidType(path(at, "parameters"), "an object", parameters);
    }
    optionalBoolean(tool, "strict", at); // validated; the canonical tool has no strict flag
    return new Tool(name, description, parameters);
  }

  /** A required function or schema name in OpenAI's pattern. */
  static String name(JsonNode obj, String member, String at) {
    String name = JsonMembers.requiredName(obj, member, at);
    if (!NAME.matcher(name).matches()) {
      throw GatewayException.invalidRequest("Invalid '" + path(at, member) + "': string does not match pattern."
          + " Expected a string that matches the pattern '^[a-zA-Z0-9_-]{1,64}$'.", path(at, member),
          "invalid_value");
    }
    return name;
  }

  /** {@code auto | none | required | {type: function, name}}; null when not given. */
  static ToolChoice toolChoice(JsonNode choice, List<Tool> tools) {
    if (choice == null) {
      return null;
    }
    if (choice.isTextual()) {
      String value = choice.textValue();
      if (!CHOICES.contains(value)) {
        throw RequestErrors.invalidValue("tool_choice", value, CHOICES);
      }
      if (value.equals("required") && tools.isEmpty()) {
        throw GatewayException.invalidRequest("Tool choice 'required' must be specified with 'tools' parameter.",
            "tool_choice", "invalid_value");
      }
      return switch (value) {
        case "none" -> ToolChoice.NONE;
        case "required" -> ToolChoice.REQUIRED;
        default -> ToolChoice.AUTO;
      };
    }
    if (!choice.isObject()) {
      throw invalidType("tool_choice", "one of a string or an object", choice);
    }
    String type = requiredString(choice, "type", "tool_choice");
    if (!type.equals("function")) {
      throw RequestErrors.unsupported("tool_choice.type", "'" + type + "'; Sluice serves function tools only:"
          + " use 'auto', 'none', 'required' or {\"type\": \"function\", \"name\": ...}.");
    }
    String name = requiredString(choice, "name", "tool_choice");
    if (tools.stream().noneMatch(t -> t.name().equals(name))) {
      throw GatewayException.invalidRequest("Tool choice 'function' with name '" + name + "' not found in 'tools'"
          + " parameter.", "tool_choice.name", "invalid_value");
    }
    return new ToolChoice.Named(name);
  }
}
