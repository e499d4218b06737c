package dev.sluice.core.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.Message;
import dev.sluice.core.canonical.Part;
import dev.sluice.core.canonical.ResponseFormat;
import dev.sluice.core.canonical.Tool;
import dev.sluice.core.canonical.ToolChoice;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Canonical tools, tool choice and JSON output to Converse's {@code toolConfig} (API_runtime_ToolConfiguration).
 *
 * <ul>
 *   <li>Tools become {@code {toolSpec: {name, description, inputSchema: {json}}}}; tool choice
 *       auto / required / named becomes {@code {auto: {}}} / {@code {any: {}}} / {@code {tool: {name}}}.
 *   <li>Converse has no "none". With {@link ToolChoice.None} the tools are left out, unless the conversation
 *       already holds tool calls or results: Converse then refuses a request without a toolConfig ("The
 *       toolConfig field must be defined when using toolUse and toolResult content blocks"), so the tools are
 *       sent without a choice (the model may still call one).
 *   <li>For that same rule, a conversation with tool blocks but no tools gets a spec per tool name it used,
 *       with an open object schema.
 *   <li>JSON output (schema or any object) has no Converse field here, so it is asked for the way Anthropic's
 *       docs suggest: a tool named {@value #JSON_OUTPUT_TOOL} whose input schema is the wanted schema, forced
 *       with {@code {tool: {name}}} (or {@code {any: {}}} beside the caller's own tools). The decoders turn a
 *       call of that tool back into text, so the caller never sees the trick.
 * </ul>
 */
final class BedrockToolsEncoder {
  /** The reserved tool that carries JSON output; the decoders recognise it by this name. */
  static final String JSON_OUTPUT_TOOL = "sluice_json_output";

  private BedrockToolsEncoder() {}

  /** The {@code toolConfig} object, or null when the request needs none. */
  static ObjectNode toolConfig(ChatRequest request, ObjectMapper json) {
    JsonNode jsonSchema = jsonOutputSchema(request.responseFormat(), json);
    boolean none = request.toolChoice() instanceof ToolChoice.None;
    boolean historyHasTools = BedrockMessagesEncoder.usesTools(request);
    ArrayNode tools = json.createArrayNode();
    if (!request.tools().isEmpty() && (!none || historyHasTools)) {
      for (Tool tool : request.tools()) {
        addSpec(tools, tool.name(), tool.description(), tool.parameters(), json);
      }
    } else if (request.tools().isEmpty() && historyHasTools) {
      for (String name : toolNamesUsed(request)) {
        addSpec(tools, name, null, null, json);
      }
    }
    boolean callerTools = !tools.isEmpty();
    if (jsonSchema != null) {
      addSpec(tools, JSON_OUTPUT_TOOL, "Answer by calling this tool with the answer as its input.", jsonSchema, json);
    }
    if (tools.isEmpty()) {
      return null;
    }
    ObjectNode config = json.createObjectNode();
    config.set("tools", tools);
    ObjectNode choice = choice(request.toolChoice(), jsonSchema != null, callerTools && !none, json);
    if (choice != null) {
      config.set("toolChoice", choice);
    }
    return config;
  }

  private static ObjectNode choice(ToolChoice toolChoice, boolean jsonOutput, boolean callerToolsCallable,
      ObjectMapper json) {
    ObjectNode choice = json.createObjectNode();
    if (jsonOutput) {
      if (callerToolsCallable && toolChoice instanceof ToolChoice.Named named) {
        choice.putObject("tool").put("name", named.name());
      } else if (callerToolsCallable) {
        choice.putObject("any"); // a caller's tool or the JSON answer: either way something structured
      } else {
        choice.putObject("tool").put("name", JSON_OUTPUT_TOOL);
      }
      return choice;
    }
    switch (toolChoice) {
      case null -> {
        return null; // Converse's default is auto
      }
      case ToolChoice.None none -> {
        return null; // tools only sent because the history needs them
      }
      case ToolChoice.Auto auto -> choice.putObject("auto");
      case ToolChoice.Required required -> choice.putObject("any");
      case ToolChoice.Named named -> choice.putObject("tool").put("name", named.name());
    }
    return choice;
  }

  private static JsonNode jsonOutputSchema(ResponseFormat format, ObjectMapper json) {
    return switch (format) {
      case ResponseFormat.JsonSchema schema when schema.schema() != null -> schema.schema();
      case ResponseFormat.JsonSchema schema -> json.createObjectNode().put("type", "object");
      case ResponseFormat.JsonObject object -> json.createObjectNode().put("type", "object");
      case ResponseFormat.Text text -> null;
      case null -> null;
    };
  }

  private static void addSpec(ArrayNode tools, String name, String description, JsonNode schema, ObjectMapper json) {
    ObjectNode spec = tools.addObject().putObject("toolSpec").put("name", name);
    if (description != null && !description.isBlank()) {
      spec.put("description", description);
    }
    // Converse requires an input schema; a tool without parameters takes an empty object.
    JsonNode inputSchema = schema != null && schema.isObject() ? schema
        : json.createObjectNode().put("type", "object").set("properties", json.createObjectNode());
    spec.putObject("inputSchema").set("json", inputSchema);
  }

  private static Set<String> toolNamesUsed(ChatRequest request) {
    Set<String> names = new LinkedHashSet<>();
    for (Message message : request.messages()) {
      for (Part part : message.parts()) {
        if (part instanceof Part.ToolCall call) {
          names.add(call.name());
        } else if (part instanceof Part.ToolResult result && result.name() != null) {
          names.add(result.name());
        }
      }
    }
    return names;
  }
}
