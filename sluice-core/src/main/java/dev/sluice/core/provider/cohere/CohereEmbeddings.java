package dev.sluice.core.provider.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.canonical.EmbeddingRequest;
import dev.sluice.core.canonical.EmbeddingResponse;
import dev.sluice.core.error.GatewayException;
import java.util.ArrayList;
import java.util.List;

/**
 * Cohere's {@code POST /v2/embed} (docs.cohere.com/reference/embed): {@code {model, texts, input_type,
 * embedding_types: ["float"], output_dimension?}} and back from {@code {embeddings: {float: [[...]]},
 * meta: {billed_units: {input_tokens}}}}.
 *
 * <p>v2 requires {@code input_type} for embed-v3 and newer models; the OpenAI-style request the gateway
 * serves has no such notion, so we send {@code search_document}, the type for texts stored for later
 * retrieval, which is what an embeddings API is mostly fed. Only float vectors are asked for.
 */
final class CohereEmbeddings {
  static final String INPUT_TYPE = "search_document";

  private CohereEmbeddings() {}

  static byte[] encode(EmbeddingRequest request, String upstreamModel) {
    ObjectNode body = CohereJson.MAPPER.createObjectNode();
    body.put("model", upstreamModel);
    ArrayNode texts = body.putArray("texts");
    request.inputs().forEach(texts::add);
    body.put("input_type", INPUT_TYPE);
    body.putArray("embedding_types").add("float");
    if (request.dimensions() != null) {
      body.put("output_dimension", request.dimensions());
    }
    return CohereJson.write(body);
  }

  static EmbeddingResponse decode(byte[] body) {
    JsonNode root = CohereJson.parseBody(body, "embed");
    JsonNode vectors = root.path("embeddings").path("float");
    if (!vectors.isArray()) {
      throw GatewayException.upstream("Cohere answered without float embeddings.");
    }
    List<float[]> out = new ArrayList<>(vectors.size());
    for (JsonNode vector : vectors) {
      out.add(toFloats(vector));
    }
    Long tokens = CohereJson.count(root.path("meta").path("billed_units"), "input_tokens");
    return new EmbeddingResponse(out, tokens == null ? 0 : tokens);
  }

  private static float[] toFloats(JsonNode vector) {
    if (!vector.isArray()) {
      throw GatewayException.upstream("Cohere answered with an embedding that is not a list of numbers.");
    }
    float[] values = new float[vector.size()];
    for (int i = 0; i < values.length; i++) {
      JsonNode v = vector.get(i);
      if (!v.isNumber()) {
        throw GatewayException.upstream("Cohere answered with an embedding that is not a list of numbers.");
      }
      values[i] = v.floatValue();
    }
    return values;
  }
}
