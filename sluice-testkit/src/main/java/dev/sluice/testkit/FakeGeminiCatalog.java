package dev.sluice.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The fake's answers that are not generation: {@code GET models} (Gemini's {@code Model} objects), the
 * {@code countTokens} count, and {@code batchEmbedContents} vectors (the OpenAI fake's deterministic unit vectors,
 * {@link FakeEmbeddings#vector}, in Gemini's {@code {"embeddings": [{"values": [...]}]}}).
 */
final class FakeGeminiCatalog {
  static final List<String> CHAT_MODELS = List.of("gemini-2.5-flash", "gemini-2.5-pro");
  static final String EMBEDDING_MODEL = "gemini-embedding-001";

  private FakeGeminiCatalog() {}

  static ObjectNode models() {
    ObjectNode list = WireFixtures.JSON.createObjectNode();
    ArrayNode models = list.putArray("models");
    for (String id : CHAT_MODELS) {
      models.add(model(id, 1_048_576, 65_536, "generateContent", "countTokens", "createCachedContent",
          "batchGenerateContent").put("thinking", true));
    }
    models.add(model(EMBEDDING_MODEL, 2048, 1, "embedContent", "countTextTokens", "countTokens",
        "asyncBatchEmbedContent"));
    return list;
  }

  static ObjectNode model(String id, int inputLimit, int outputLimit, String... methods) {
    ObjectNode model = WireFixtures.JSON.createObjectNode()
        .put("name", "models/" + id).put("version", "001").put("displayName", id)
        .put("description", "A fake model served by sluice-testkit.")
        .put("inputTokenLimit", inputLimit).put("outputTokenLimit", outputLimit);
    ArrayNode supported = model.putArray("supportedGenerationMethods");
    for (String method : methods) {
      supported.add(method);
    }
    return model;
  }

  /** {@code countTokens} takes {@code contents} or a whole {@code generateContentRequest}. */
  static ObjectNode countTokens(JsonNode request) {
    JsonNode counted = request.has("generateContentRequest") ? request.get("generateContentRequest") : request;
    int tokens = FakeGeminiReply.promptTokens(counted);
    ObjectNode body = WireFixtures.JSON.createObjectNode().put("totalTokens", tokens);
    body.putArray("promptTokensDetails").addObject().put("modality", "TEXT").put("tokenCount", tokens);
    return body;
  }

  /**
   * The embeddings, or null when a request in the batch is not valid (no text part, or a {@code model} other than
   * the URL's, which the API reference says must match).
   */
  static ObjectNode embeddings(JsonNode request, String model) {
    JsonNode requests = request.path("requests");
    if (!requests.isArray() || requests.isEmpty()) {
      return null;
    }
    ObjectNode body = WireFixtures.JSON.createObjectNode();
    ArrayNode embeddings = body.putArray("embeddings");
    for (JsonNode one : requests) {
      if (!one.path("model").asText().equals("models/" + model) || !one.at("/content/parts").isArray()) {
        return null;
      }
      StringBuilder text = new StringBuilder();
      one.at("/content/parts").forEach(p -> text.append(p.path("text").asText("")));
      int dimensions = one.path("outputDimensionality").asInt(FakeEmbeddings.DEFAULT_DIMENSIONS);
      dimensions = dimensions > 0 ? Math.min(dimensions, 3072) : FakeEmbeddings.DEFAULT_DIMENSIONS;
      ArrayNode values = embeddings.addObject().putArray("values");
      for (float v : FakeEmbeddings.vector(text.toString(), dimensions)) {
        values.add(v);
      }
    }
    return body;
  }
}
