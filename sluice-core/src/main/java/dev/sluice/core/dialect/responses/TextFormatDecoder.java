package dev.sluice.core.dialect.responses;

import static dev.sluice.core.dialect.responses.JsonMembers.given;
import static dev.sluice.core.dialect.responses.JsonMembers.optionalBoolean;
import static dev.sluice.core.dialect.responses.JsonMembers.optionalObject;
import static dev.sluice.core.dialect.responses.JsonMembers.requiredString;
import static dev.sluice.core.dialect.responses.RequestErrors.invalidType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.canonical.ResponseFormat;
import java.util.List;

/**
 * {@code text.format}: Responses' place for what Chat Completions calls {@code response_format}, with the
 * schema's members flat ({@code {type: json_schema, name, schema, strict}}, not under {@code json_schema}).
 * {@code text.verbosity} has no canonical counterpart and is ignored.
 */
final class TextFormatDecoder {
  private static final List<String> TYPES = List.of("text", "json_object", "json_schema");

  private TextFormatDecoder() {}

  /** The format asked for, or null when {@code text} or its {@code format} is not given. */
  static ResponseFormat decode(JsonNode text) {
    if (text == null) {
      return null;
    }
    if (!text.isObject()) {
      throw invalidType("text", "an object", text);
    }
    JsonNode format = optionalObject(text, "format", "text");
    if (format == null) {
      return null;
    }
    String type = requiredString(format, "type", "text.format");
    return switch (type) {
      case "text" -> ResponseFormat.TEXT;
      case "json_object" -> new ResponseFormat.JsonObject();
      case "json_schema" -> jsonSchema(format);
      default -> throw RequestErrors.invalidValue("text.format.type", type, TYPES);
    };
  }

  private static ResponseFormat.JsonSchema jsonSchema(JsonNode format) {
    String name = ToolsDecoder.name(format, "name", "text.format");
    JsonNode schema = given(format, "schema");
    if (schema == null) {
      throw RequestErrors.missing("text.format.schema");
    }
    if (!schema.isObject()) {
      throw invalidType("text.format.schema", "an object", schema);
    }
    Boolean strict = optionalBoolean(format, "strict", "text.format");
    return new ResponseFormat.JsonSchema(name, schema, strict != null && strict);
  }
}
