package dev.sluice.core.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.canonical.EmbeddingRequest;
import dev.sluice.core.canonical.EmbeddingResponse;
import dev.sluice.core.error.GatewayException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Embeddings on Bedrock, which are not part of Converse: {@code InvokeModel} with the model family's own
 * body. Amazon Titan ({@code amazon.titan-embed-*}) takes one {@code inputText} and answers
 * {@code {"embedding":[...],"inputTextTokenCount":n}}; Cohere on Bedrock ({@code cohere.embed-*}) takes
 * {@code texts} and answers {@code {"embeddings":[[...]]}} (or {@code {"embeddings":{"float":[[...]]}}}).
 */
final class BedrockEmbeddings {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BedrockEmbeddings() {}

  static byte[] encode(EmbeddingRequest request, String model) {
    ObjectNode body = JSON.createObjectNode();
    if (isCohere(model)) {
      ArrayNode texts = body.putArray("texts");
      request.inputs().forEach(texts::add);
      body.put("input_type", "search_document");
    } else {
      if (request.inputs().size() != 1) {
        throw GatewayException.invalidRequest("Bedrock's Titan embedding models take one input per request; this"
            + " request has " + request.inputs().size() + ". Send them one by one.", "input");
      }
      body.put("inputText", request.inputs().get(0));
      if (request.dimensions() != null) {
        body.put("dimensions", request.dimensions());
      }
    }
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("a tree always serialises", e);
    }
  }

  static EmbeddingResponse decode(byte[] body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw GatewayException.upstream("Bedrock returned an embeddings body that is not JSON.");
    }
    if (root == null || !root.isObject()) {
      throw GatewayException.upstream("Bedrock returned an embeddings body that is not a JSON object.");
    }
    List<float[]> vectors = new ArrayList<>();
    JsonNode single = root.get("embedding");
    if (single != null && single.isArray()) {
      vectors.add(floats(single));
      return new EmbeddingResponse(vectors, root.path("inputTextTokenCount").asLong(0));
    }
    JsonNode many = root.get("embeddings");
    if (many != null && many.isObject()) {
      many = many.get("float");
    }
    if (many == null || !many.isArray()) {
      throw GatewayException.upstream("Bedrock returned an embeddings body without embeddings.");
    }
    for (JsonNode vector : many) {
      vectors.add(floats(vector));
    }
    return new EmbeddingResponse(vectors, 0);
  }

  private static float[] floats(JsonNode array) {
    if (!array.isArray()) {
      throw GatewayException.upstream("Bedrock returned an embedding that is not an array of numbers.");
    }
    float[] out = new float[array.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode v = array.get(i);
      if (!v.isNumber()) {
        throw GatewayException.upstream("Bedrock returned an embedding that is not an array of numbers.");
      }
      out[i] = v.floatValue();
    }
    return out;
  }

  private static boolean isCohere(String model) {
    return model.toLowerCase(Locale.ROOT).contains("cohere.embed");
  }
}
