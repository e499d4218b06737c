package dev.sluice.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code POST /v2/embed} for {@link FakeCohereProvider}: the {@code embeddings_by_type} answer
 * (docs.cohere.com/reference/embed) {@code {id, texts, embeddings: {float: [[...]]}, meta: {api_version,
 * billed_units: {input_tokens}}, response_type}}, with the same deterministic unit vectors as the OpenAI fake
 * ({@link FakeEmbeddings#vector}). Only {@code float} vectors are produced; other requested types are left out.
 */
final class FakeCohereEmbeddings {
  private FakeCohereEmbeddings() {}

  /** The checks v2 makes, in Cohere's words where known; null when the request is fine. */
  static String problem(JsonNode request) {
    if (!request.path("embedding_types").isArray() || request.get("embedding_types").isEmpty()) {
      return "embedding_types parameter is required";
    }
    if (!request.path("input_type").isTextual()) {
      return "invalid request: valid input_type must be provided with the provided model";
    }
    if (texts(request) == null) {
      return "invalid request: texts must be a non-empty list of strings";
    }
    return null;
  }

  static ObjectNode body(JsonNode request) {
    List<String> texts = texts(request);
    int dimensions = request.path("output_dimension").asInt(FakeEmbeddings.DEFAULT_DIMENSIONS);
    dimensions = dimensions > 0 ? Math.min(dimensions, 8192) : FakeEmbeddings.DEFAULT_DIMENSIONS;
    ObjectNode body = WireFixtures.JSON.createObjectNode().put("id", UUID.randomUUID().toString());
    ArrayNode echoed = body.putArray("texts");
    ObjectNode embeddings = body.putObject("embeddings");
    boolean floats = false;
    for (JsonNode type : request.get("embedding_types")) {
      floats |= type.asText().equals("float");
    }
    ArrayNode vectors = floats ? embeddings.putArray("float") : null;
    long chars = 0;
    for (String text : texts) {
      echoed.add(text);
      chars += text.length();
      if (vectors != null) {
        ArrayNode values = vectors.addArray();
        for (float v : FakeEmbeddings.vector(text, dimensions)) {
          values.add(v);
        }
      }
    }
    ObjectNode meta = body.putObject("meta");
    meta.putObject("api_version").put("version", "2");
    meta.putObject("billed_units").put("input_tokens", Math.max(1, chars / 4));
    body.put("response_type", "embeddings_by_type");
    return body;
  }

  private static List<String> texts(JsonNode request) {
    JsonNode texts = request.path("texts");
    if (!texts.isArray() || texts.isEmpty()) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (JsonNode text : texts) {
      if (!text.isTextual()) {
        return null;
      }
      out.add(text.asText());
    }
    return out;
  }
}
