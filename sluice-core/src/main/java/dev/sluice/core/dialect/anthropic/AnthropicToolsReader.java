package dev.sluice.core.dialect.anthropic;

import static dev.sluice.core.dialect.anthropic.Fields.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.canonical.Tool;
import dev.sluice.core.canonical.ToolChoice;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code tools} and {@code tool_choice} of an Anthropic request. Only custom (client) tools have a canonical
 * form; Anthropic's server and schema tools ({@code web_search_20250305}, {@code bash_20250124}, ...) are
 * run or defined by Anthropic itself and mean nothing to another provider, so they are refused by name.
 */
final class AnthropicToolsReader {
  /** Bounds the work of a hostile body; real requests carry tens of tools. */
  static final int MAX_TOOLS = 10_000;
  private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,128}$");
  private static final List<String> CHOICES = List.of("auto", "any", "tool", "none");

  /** The tool choice and whether parallel calls stay allowed ({@code disable_parallel_tool_use}). */
  record Choice(ToolChoice toolChoice, Boolean parallelToolCalls) {}

  private AnthropicToolsReader() {}

  static List<Tool> tools(JsonNode root) {
    JsonNode tools = Fields.optional(root, "tools");
    if (tools == null) {
      return List.of();
    }
    Fields.array(tools, "tools", MAX_TOOLS);
    List<Tool> out = new ArrayList<>(tools.size());
    Set<String> names = new HashSet<>();
    for (int i = 0; i < tools.size(); i++) {
      String path = "tools." + i;
      JsonNode tool = Fields.object(tools.get(i), path);
      String type = Fields.optionalString(tool, "type", path + ".type");
      if (type != null && !type.equals("custom")) {
        throw invalid(path + ".type", "tool type '" + type + "' is not supported by this gateway; only custom"
            + " tools (name, description, input_schema) are");
      }
      String name = Fields.requiredString(tool, "name", path + ".name");
      if (!NAME.matcher(name).matches()) {
        throw invalid(path + ".name", "String should match pattern '" + NAME.pattern() + "'");
      }
      if (!names.add(name)) {
        throw invalid("tools", "Tool names must be unique; '" + name + "' appears more than once");
      }
      String description = Fields.optionalString(tool, "description", path + ".description");
      JsonNode schema = Fields.object(Fields.required(tool, "input_schema", path + ".input_schema"),
          path + ".input_schema");
      if (!"object".equals(Fields.requiredString(schema, "type", path + ".input_schema.type"))) {
        throw invalid(path + ".input_schema.type", "Input should be 'object'");
      }
      out.add(new Tool(name, description, schema));
    }
    return out;
  }

  static Choice toolChoice(JsonNode root) {
    JsonNode choice = Fields.optional(root, "tool_choice");
    if (choice == null) {
      return new Choice(null, null);
    }
    Fields.object(choice, "tool_choice");
    String type = Fields.requiredString(choice, "type", "tool_choice.type");
    ToolChoice toolChoice = switch (type) {
      case "auto" -> ToolChoice.AUTO;
      case "any" -> ToolChoice.REQUIRED;
      case "none" -> ToolChoice.NONE;
      case "tool" -> new ToolChoice.Named(Fields.requiredString(choice, "name", "tool_choice.tool.name"));
      default -> throw Fields.unknownTag("tool_choice.type", type, CHOICES);
    };
    Boolean disableParallel = Fields.optionalBoolean(choice, "disable_parallel_tool_use",
        "tool_choice." + type + ".disable_parallel_tool_use");
    return new Choice(toolChoice, Boolean.TRUE.equals(disableParallel) ? Boolean.FALSE : null);
  }
}
