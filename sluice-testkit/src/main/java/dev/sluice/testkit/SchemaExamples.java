package dev.sluice.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Builds a small JSON instance that satisfies a JSON schema, for fake tool-call arguments and structured outputs.
 * Every property is filled (required or not), so a test can assert on all of them; each type gets one fixed value
 * (string {@code "Paris"}, number 1, boolean true, array empty). Covers the subset tool schemas use in practice:
 * {@code type} (or a list of types), {@code enum}, {@code const}, {@code properties}, {@code anyOf}/{@code oneOf}/
 * {@code allOf} (first branch) and local {@code $ref}s into {@code $defs}/{@code definitions}.
 */
final class SchemaExamples {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** Recursive schemas ({@code $ref} to an ancestor) stop here with null rather than overflowing the stack. */
  private static final int MAX_DEPTH = 16;

  private SchemaExamples() {}

  static JsonNode minimalInstance(JsonNode schema) {
    return instance(schema, schema, 0);
  }

  private static JsonNode instance(JsonNode schema, JsonNode root, int depth) {
    if (schema == null || !schema.isObject() || depth > MAX_DEPTH) {
      return depth > MAX_DEPTH ? NODES.nullNode() : NODES.objectNode();
    }
    if (schema.hasNonNull("$ref")) {
      return instance(resolve(schema.get("$ref").asText(), root), root, depth + 1);
    }
    if (schema.has("const")) {
      return schema.get("const").deepCopy();
    }
    if (schema.path("enum").isArray() && !schema.get("enum").isEmpty()) {
      return schema.get("enum").get(0).deepCopy();
    }
    for (String combinator : new String[] {"anyOf", "oneOf", "allOf"}) {
      if (schema.path(combinator).isArray() && !schema.get(combinator).isEmpty()) {
        return instance(schema.get(combinator).get(0), root, depth + 1);
      }
    }
    return switch (typeOf(schema)) {
      case "string" -> NODES.textNode("Paris");
      case "number", "integer" -> NODES.numberNode(1);
      case "boolean" -> NODES.booleanNode(true);
      case "array" -> NODES.arrayNode();
      case "null" -> NODES.nullNode();
      default -> object(schema, root, depth);
    };
  }

  private static ObjectNode object(JsonNode schema, JsonNode root, int depth) {
    ObjectNode out = NODES.objectNode();
    for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
      out.set(property.getKey(), instance(property.getValue(), root, depth + 1));
    }
    return out;
  }

  /** {@code "type": ["string", "null"]} is how strict-mode schemas say optional: take the first non-null type. */
  private static String typeOf(JsonNode schema) {
    JsonNode type = schema.get("type");
    if (type instanceof ArrayNode types) {
      for (JsonNode t : types) {
        if (!t.asText().equals("null")) {
          return t.asText();
        }
      }
      return types.isEmpty() ? "object" : "null";
    }
    return type == null ? "object" : type.asText();
  }

  private static JsonNode resolve(String ref, JsonNode root) {
    if (!ref.startsWith("#")) {
      return null; // remote refs: never fetched by a fake
    }
    return root.at(ref.substring(1));
  }
}
