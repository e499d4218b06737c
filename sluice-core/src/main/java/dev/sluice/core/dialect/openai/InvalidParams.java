package dev.sluice.core.dialect.openai;

import com.fasterxml.jackson.core.JsonToken;
import dev.sluice.core.error.GatewayException;
import java.util.List;

/**
 * The 400s a request validator raises, worded and coded as OpenAI words and codes them ("Invalid type for
 * 'messages[0].content': expected ..., but got ... instead.", code {@code invalid_type}), so a client sees
 * the same error through Sluice as it would from OpenAI. {@code param} uses OpenAI's path syntax.
 */
final class InvalidParams {
  private InvalidParams() {}

  static GatewayException invalidType(String param, String expected, JsonToken got) {
    return GatewayException.invalidRequest("Invalid type for '" + param + "': expected " + expected + ", but got "
        + describe(got) + " instead.", param, "invalid_type");
  }

  static GatewayException missing(String param) {
    return GatewayException.invalidRequest("Missing required parameter: '" + param + "'.", param,
        "missing_required_parameter");
  }

  static GatewayException belowMin(String param, long min, String got) {
    return GatewayException.invalidRequest("Invalid '" + param + "': integer below minimum value. Expected a value >= "
        + min + ", but got " + got + " instead.", param, "integer_below_min_value");
  }

  static GatewayException aboveMax(String param, long max, String got) {
    return GatewayException.invalidRequest("Invalid '" + param + "': integer above maximum value. Expected a value <= "
        + max + ", but got " + got + " instead.", param, "integer_above_max_value");
  }

  static GatewayException decimalBelowMin(String param, String min, String got) {
    return GatewayException.invalidRequest("Invalid '" + param + "': decimal below minimum value. Expected a value >= "
        + min + ", but got " + got + " instead.", param, "decimal_below_min_value");
  }

  static GatewayException decimalAboveMax(String param, String max, String got) {
    return GatewayException.invalidRequest("Invalid '" + param + "': decimal above maximum value. Expected a value <= "
        + max + ", but got " + got + " instead.", param, "decimal_above_max_value");
  }

  /** A number with more decimal places than the gateway can keep exactly. */
  static GatewayException tooManyDecimals(String param, int maxDecimals, String got) {
    return GatewayException.invalidRequest("Invalid '" + param + "': too many decimal places. Expected at most "
        + maxDecimals + ", but got " + got + " instead.", param, "invalid_value");
  }

  /**
   * A member Sluice knows but does not implement (an OpenRouter routing option, say): refused rather than
   * dropped, so a client never believes a preference was honoured. Worded as OpenAI words its
   * {@code unsupported_parameter} errors.
   */
  static GatewayException unsupported(String param) {
    return GatewayException.invalidRequest("Unsupported parameter: '" + param + "' is not supported by Sluice.",
        param, "unsupported_parameter");
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

  static String describe(JsonToken token) {
    if (token == null) {
      return "nothing";
    }
    return switch (token) {
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT -> "an integer";
      case VALUE_NUMBER_FLOAT -> "a decimal";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      default -> token.name();
    };
  }
}
