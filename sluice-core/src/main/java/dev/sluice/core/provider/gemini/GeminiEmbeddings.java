package dev.sluice.core.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.canonical.EmbeddingRequest;
import dev.sluice.core.canonical.EmbeddingResponse;
import dev.sluice.core.error.GatewayException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code models/{model}:batchEmbedContents}: one {@code EmbedContentRequest} per input, each naming the model again
 * ("must match the model specified in the batch", per the API reference), answered by {@code embeddings[].values}
 * in input order. The response reports no token count on the Gemini API; 0 then, as the canonical contract asks,
 * and {@code usageMetadata.promptTokenCount} when it is there.
 */
final class GeminiEmbeddings {
  private GeminiEmbeddings() {}

  static ObjectNode body(EmbeddingRequest request, String resource) {
    ObjectNode body = GeminiJson.MAPPER.createObjectNode();
    ArrayNode requests = body.putArray("requests");
    for (String input : request.inputs()) {
      ObjectNode one = requests.addObject().put("model", resource);
      one.putObject("content").putArray("parts").addObject().put("text", input);
      if (request.dimensions() != null) {
        one.put("outputDimensionality", request.dimensions());
      }
    }
    return body;
  }

  static EmbeddingResponse decode(byte[] body) {
    ObjectNode root = GeminiJson.parseObject(body, "batchEmbedContents body");
    JsonNode embeddings = root.get("embeddings");
    if (embeddings == null || !embeddings.isArray()) {
      throw GatewayException.upstream("Gemini returned an embeddings body without an embeddings array.");
    }
    List<float[]> vectors = new ArrayList<>(embeddings.size());
    for (JsonNode embedding : embeddings) {
      JsonNode values = embedding.get("values");
      if (values == null || !values.isArray()) {
        throw GatewayException.upstream("Gemini returned an embedding without a values array.");
      }
      float[] vector = new float[values.size()];
      for (int i = 0; i < vector.length; i++) {
        JsonNode v = values.get(i);
        if (!v.isNumber()) {
          throw GatewayException.upstream("Gemini returned an embedding value that is not a number.");
        }
        vector[i] = v.floatValue();
      }
      vectors.add(vector);
    }
    return new EmbeddingResponse(vectors, GeminiJson.count(root.get("usageMetadata"), "promptTokenCount"));
  }
}
