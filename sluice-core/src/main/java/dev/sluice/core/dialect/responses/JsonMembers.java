package dev.sluice.core.dialect.responses;

import static dev.sluice.core.dialect.responses.RequestErrors.invalidType;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Typed reads of one member of a request object, each raising the OpenAI-style 400 with the member's full
 * path. An absent member and an explicit {@code null} are the same ("not given"), as in OpenAI's API.
 */
final class JsonMembers {
  private JsonMembers() {}

  /** {@code parent.name}, or just {@code name} at the top level. */
  static String path(String parent, String name) {
    return parent.isEmpty() ? name : parent + "." + name;
  }

  static String index(String parent, int i) {
    return parent + "[" + i + "]";
  }

  /** The member, or null when it is absent or {@code null}. */
  static JsonNode given(JsonNode obj, String name) {
    JsonNode v = obj.get(name);
    return v == null || v.isNull() ? null : v;
  }

  static String optionalString(JsonNode obj, String name, String parent) {
    JsonNode v = given(obj, name);
    if (v == null) {
      return null;
    }
    if (!v.isTextual()) {
      throw invalidType(path(parent, name), "a string", v);
    }
    return v.textValue();
  }

  static String requiredString(JsonNode obj, String name, String parent) {
    String s = optionalString(obj, name, parent);
    if (s == null) {
      throw RequestErrors.missing(path(parent, name));
    }
    return s;
  }

  /** A required string of at least one character. */
  static String requiredName(JsonNode obj, String name, String parent) {
    String s = requiredString(obj, name, parent);
    if (s.isEmpty()) {
      throw RequestErrors.emptyString(path(parent, name));
    }
    return s;
  }

  static Boolean optionalBoolean(JsonNode obj, String name, String parent) {
    JsonNode v = given(obj, name);
    if (v == null) {
      return null;
    }
    if (!v.isBoolean()) {
      throw invalidType(path(parent, name), "a boolean", v);
    }
    return v.booleanValue();
  }

  /** An object member, or null when not given. */
  static JsonNode optionalObject(JsonNode obj, String name, String parent) {
    JsonNode v = given(obj, name);
    if (v != null && !v.isObject()) {
      throw invalidType(path(parent, name), "an object", v);
    }
    return v;
  }

  /** An array member, or null when not given. */
  static JsonNode optionalArray(JsonNode obj, String name, String parent) {
    JsonNode v = given(obj, name);
    if (v != null && !v.isArray()) {
      throw invalidType(path(parent, name), "an array", v);
    }
    return v;
  }

  /** A number in [min, max], or null when not given. */
  static Double optionalNumber(JsonNode obj, String name, double min, double max) {
    JsonNode v = given(obj, name);
    if (v == null) {
      return null;
    }
    if (!v.isNumber()) {
      throw invalidType(name, "a number", v);
    }
    double d = v.doubleValue();
    if (d < min) {
      throw RequestErrors.belowMin(name, plain(min), v);
    }
    if (d > max) {
      throw RequestErrors.aboveMax(name, plain(max), v);
    }
    return d;
  }

  /** An integer in [min, max], or null when not given. */
  static Integer optionalInt(JsonNode obj, String name, int min, int max) {
    JsonNode v = given(obj, name);
    if (v == null) {
      return null;
    }
    if (!v.isIntegralNumber()) {
      throw invalidType(name, "an integer", v);
    }
    boolean negative = v.bigIntegerValue().signum() < 0;
    if (!negative && (!v.canConvertToLong() || v.longValue() > max)) {
      throw RequestErrors.aboveMax(name, Integer.toString(max), v);
    }
    if (!v.canConvertToLong() || v.longValue() < min) {
      throw RequestErrors.belowMin(name, Integer.toString(min), v);
    }
    return v.intValue();
  }

  /** {@code 2} rather than {@code 2.0}, as OpenAI writes its limits. */
  private static String plain(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
