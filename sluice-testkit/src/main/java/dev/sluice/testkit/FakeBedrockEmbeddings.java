package dev.sluice.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Bedrock's {@code InvokeModel} for embedding models, in the two families' own shapes: Amazon Titan
 * ({@code {"inputText","dimensions"}} → {@code {"embedding":[...],"inputTextTokenCount":n}}) and Cohere on
 * Bedrock ({@code {"texts":[...],"input_type"}} → {@code {"id","embeddings":[[...]],"texts","response_type":
 * "embeddings_floats"}}). Vectors are the same deterministic unit vectors as {@link FakeEmbeddings}.
 */
final class FakeBedrockEmbeddings {
  private FakeBedrockEmbeddings() {}

  /** The answer, or null when the body fits neither family (the route answers a ValidationException). */
  static ObjectNode answer(JsonNode request) {
    JsonNode inputText = request.get("inputText");
    if (inputText != null && inputText.isTextual()) {
      int dimensions = request.path("dimensions").asInt(FakeEmbeddings.DEFAULT_DIMENSIONS);
      ObjectNode body = WireFixtures.JSON.createObjectNode();
      ArrayNode vector = body.putArray("embedding");
      for (float f : FakeEmbeddings.vector(inputText.asText(), dimensions)) {
        vector.add(f);
      }
      return body.put("inputTextTokenCount", Math.max(1, inputText.asText().length() / 4));
    }
    JsonNode texts = request.get("texts");
    if (texts != null && texts.isArray() && !texts.isEmpty() && request.has("input_type")) {
      ObjectNode body = WireFixtures.JSON.createObjectNode().put("id", java.util.UUID.randomUUID().toString());
      ArrayNode vectors = body.putArray("embeddings");
      for (JsonNode text : texts) {
        ArrayNode vector = vectors.addArray();
        for (float f : FakeEmbeddings.vector(text.asText(), FakeEmbeddings.DEFAULT_DIMENSIONS)) {
          vector.add(f);
        }
      }
      body.set("texts", texts.deepCopy());
      return body.put("response_type", "embeddings_floats");
    }
    return null;
  }
}
