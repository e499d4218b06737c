package dev.sluice.core.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.error.GatewayException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Typed reads of a request's fields that fail the way Anthropic's API does: a 400
 * {@code invalid_request_error} whose message starts with the dotted path of the field ({@code
 * messages.0.content.1.type: ...}) followed by the validator's wording ("Field required", "Input should be a
 * valid string", ...), so a caller's error handling and eyes see what they would see from Anthropic. The path
 * is also the exception's {@code param}. A JSON {@code null} in an optional field counts as absent.
 */
final class Fields {
  private Fields() {}

  static GatewayException invalid(String path, String detail) {
    return GatewayException.invalidRequest(path + ": " + detail, path);
  }

  static GatewayException unknownTag(String path, String found, List<String> expected) {
    return invalid(path, "Input tag '" + found + "' found using 'type' does not match any of the expected tags: "
        + expected.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", ")));
  }

  /** The field's value, or null when absent or JSON null. */
  static JsonNode optional(JsonNode object, String field) {
    JsonNode value = object.get(field);
    return value == null || value.isNull() ? null : value;
  }

  static JsonNode required(JsonNode object, String field, String path) {
    JsonNode value = object.get(field);
    if (value == null) {
      throw invalid(path, "Field required");
    }
    return value;
  }

  static String requiredString(JsonNode object, String field, String path) {
    return string(required(object, field, path), path);
  }

  static String optionalString(JsonNode object, String field, String path) {
    JsonNode value = optional(object, field);
    return value == null ? null : string(value, path);
  }

  static String string(JsonNode value, String path) {
    if (!value.isTextual()) {
      throw invalid(path, "Input should be a valid string");
    }
    return value.asText();
  }

  static int requiredInt(JsonNode object, String field, String path) {
    return integer(required(object, field, path), path);
  }

  static Integer optionalInt(JsonNode object, String field, String path) {
    JsonNode value = optional(object, field);
    return value == null ? null : integer(value, path);
  }

  /** Whole numbers only (2.0 passes, as in Anthropic's lax validator); beyond int range is refused. */
  static int integer(JsonNode value, String path) {
    if (!value.isNumber() || !value.canConvertToExactIntegral()) {
      throw invalid(path, "Input should be a valid integer");
    }
    if (!value.canConvertToInt()) {
      throw invalid(path, "Input should be a valid integer, unable to parse number as an integer");
    }
    return value.intValue();
  }

  static Double optionalNumber(JsonNode object, String field, String path, double min, double max) {
    JsonNode value = optional(object, field);
    if (value == null) {
      return null;
    }
    if (!value.isNumber()) {
      throw invalid(path, "Input should be a valid number");
    }
    double d = value.doubleValue();
    if (d < min) {
      throw invalid(path, "Input should be greater than or equal to " + plain(min));
    }
    if (d > max) {
      throw invalid(path, "Input should be less than or equal to " + plain(max));
    }
    return d;
  }

  static Boolean optionalBoolean(JsonNode object, String field, String path) {
    JsonNode value = optional(object, field);
    if (value == null) {
      return null;
    }
    if (!value.isBoolean()) {
      throw invalid(path, "Input should be a valid boolean");
    }
    return value.booleanValue();
  }

  static JsonNode object(JsonNode value, String path) {
    if (!value.isObject()) {
      throw invalid(path, "Input should be a valid dictionary");
    }
    return value;
  }

  /** An array of at most {@code max} items; more is refused before any item is looked at. */
  static JsonNode array(JsonNode value, String path, int max) {
    if (!value.isArray()) {
      throw invalid(path, "Input should be a valid list");
    }
    if (value.size() > max) {
      throw invalid(path, "List should have at most " + max + " items after validation, not " + value.size());
    }
    return value;
  }

  private static String plain(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
