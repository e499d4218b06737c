package dev.sluice.core.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.canonical.ResponseFormat;
import dev.sluice.core.error.GatewayException;

/**
 * JSON output for Anthropic through a tool, both directions. This is the portable approach Anthropic's
 * tool-use guide describes for JSON that follows a schema (its "JSON mode" section: a tool whose
 * {@code input_schema} is the wanted shape, forced with {@code tool_choice}), and works on every Claude model,
 * unlike the newer native structured outputs. The Vercel AI SDK's Anthropic provider falls back to the same
 * trick (its tool is named {@code json}). The request gets one more tool whose {@code input_schema} is the
 * caller's schema; the answer's call to it becomes the answer text. The name is reserved, so a call to it
 * can only be ours: that is how decoders, which never see the request, recognise it.
 */
final class AnthropicJsonAnswer {
  /** Reserved: a caller's tool of this name is refused, or its calls would be read as the answer. */
  static final String TOOL_NAME = "sluice_json_response";

  private AnthropicJsonAnswer() {}

  static boolean isAnswerTool(String name) {
    return TOOL_NAME.equals(name);
  }

  /** The tool that carries the answer for this format, or null for free text. */
  static ObjectNode tool(ResponseFormat format) {
    JsonNode schema = switch (format) {
      case ResponseFormat.Text t -> null;
      case ResponseFormat.JsonObject o -> JsonNodeFactory.instance.objectNode().put("type", "object");
      case ResponseFormat.JsonSchema s -> objectSchema(s);
    };
    if (schema == null) {
      return null;
    }
    ObjectNode tool = JsonNodeFactory.instance.objectNode()
        .put("name", TOOL_NAME)
        .put("description", "Give your final answer by calling this tool: its input is the answer, a JSON"
            + " object that follows the input schema.");
    tool.set("input_schema", schema);
    return tool;
  }

  /** Anthropic wants an object at the root of {@code input_schema}; anything else cannot carry the answer. */
  private static JsonNode objectSchema(ResponseFormat.JsonSchema s) {
    JsonNode schema = s.schema();
    if (schema == null || schema.isNull() || (schema.isObject() && schema.isEmpty())) {
      return JsonNodeFactory.instance.objectNode().put("type", "object");
    }
    JsonNode type = schema.get("type");
    if (!schema.isObject() || (type != null && !"object".equals(type.asText()))) {
      throw GatewayException.invalidRequest("Anthropic models return JSON through a tool whose input must be an"
          + " object: the response_format schema must have \"type\": \"object\" at its root.", "response_format");
    }
    if (type == null) {
      return ((ObjectNode) schema.deepCopy()).put("type", "object");
    }
    return schema;
  }
}
