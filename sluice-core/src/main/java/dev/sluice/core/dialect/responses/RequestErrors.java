package dev.sluice.core.dialect.responses;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.error.GatewayException;
import java.util.List;

/**
 * The 400s the request decoder raises, worded and coded as OpenAI words them ("Invalid type for
 * 'input[0].content': expected ..., but got ... instead.", code {@code invalid_type}), so a client sees the
 * same error through Sluice as from OpenAI. {@code param} uses OpenAI's path syntax
 * ({@code input[2].content[0].type}).
 */
final class RequestErrors {
  private RequestErrors() {}

  static GatewayException invalidType(String param, String expected, JsonNode got) {
    return GatewayException.invalidRequest("Invalid type for '" + param + "': expected " + expected + ", but got "
        + describe(got) + " instead.", param, "invalid_type");
  }

  static GatewayException missing(String param) {
    return GatewayException.invalidRequest("Missing required parameter: '" + param + "'.", param,
        "missing_required_parameter");
  }

  static GatewayException invalidValue(String param, String value, List<String> supported) {
    StringBuilder message = new StringBuilder("Invalid value: '").append(value).append("'. Supported values are: ");
    for (int i = 0; i < supported.size(); i++) {
      if (i > 0) {
        message.append(i == supported.size() - 1 ? ", and " : ", ");
      }
      message.append('\'').append(supported.get(i)).append('\'');
    }
    return GatewayException.invalidRequest(message.append('.').toString(), param, "invalid_value");
  }

  /** A value of the right type that Sluice cannot serve; {@code why} says what to send instead. */
  static GatewayException unsupported(String param, String why) {
    return GatewayException.invalidRequest("Invalid '" + param + "': not supported: " + why, param,
        "unsupported_value");
  }

  /** A member that needs state Sluice never keeps (it stores no responses, items, files or prompts). */
  static GatewayException unsupportedParameter(String param, String why) {
    return GatewayException.invalidRequest("Unsupported parameter: '" + param + "' is not supported: " + why, param,
        "unsupported_parameter");
  }

  static GatewayException belowMin(String param, String min, JsonNode got) {
    return GatewayException.invalidRequest("Invalid '" + param + "': " + numberKind(got) + " below minimum value."
        + " Expected a value >= " + min + ", but got " + got.asText() + " instead.", param,
        got.isIntegralNumber() ? "integer_below_min_value" : "decimal_below_min_value");
  }

  static GatewayException aboveMax(String param, String max, JsonNode got) {
    return GatewayException.invalidRequest("Invalid '" + param + "': " + numberKind(got) + " above maximum value."
        + " Expected a value <= " + max + ", but got " + got.asText() + " instead.", param,
        got.isIntegralNumber() ? "integer_above_max_value" : "decimal_above_max_value");
  }

  static GatewayException emptyArray(String param) {
    return GatewayException.invalidRequest("Invalid '" + param + "': empty array. Expected an array with minimum"
        + " length 1, but got an empty array instead.", param, "empty_array");
  }

  static GatewayException arrayTooLong(String param, int max, int got) {
    return GatewayException.invalidRequest("Invalid '" + param + "': array too long. Expected an array with maximum"
        + " length " + max + ", but got an array with length " + got + " instead.", param, "array_above_max_length");
  }

  static GatewayException emptyString(String param) {
    return GatewayException.invalidRequest("Invalid '" + param + "': string too short. Expected a string with"
        + " minimum length 1, but got an empty string instead.", param, "string_below_min_length");
  }

  static GatewayException stringTooLong(String param, int max, int got) {
    return GatewayException.invalidRequest("Invalid '" + param + "': string too long. Expected a string with"
        + " maximum length " + max + ", but got a string with length " + got + " instead.", param,
        "string_above_max_length");
  }

  static GatewayException aboveMaxPairs(String param, int max, int got) {
    return GatewayException.invalidRequest("Invalid '" + param + "': too many properties. Expected an object with at"
        + " most " + max + " properties, but got an object with " + got + " properties instead.", param,
        "object_above_max_properties");
  }

  private static String numberKind(JsonNode n) {
    return n.isIntegralNumber() ? "integer" : "decimal";
  }

  static String describe(JsonNode n) {
    if (n == null || n.isMissingNode()) {
      return "nothing";
    }
    return switch (n.getNodeType()) {
      case STRING -> "a string";
      case NUMBER -> n.isIntegralNumber() ? "an integer" : "a decimal";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      case OBJECT -> "an object";
      case ARRAY -> "an array";
      default -> n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
