package dev.sluice.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code POST /v1/embeddings} bodies built from {@code embeddings.json} / {@code embeddings-base64.json}. Vectors are
 * deterministic (seeded by a hash of the input) and unit length like real ones, so equal inputs give equal vectors
 * across runs and cosine similarity is meaningful. {@code base64} is the little-endian float32 array the SDKs decode.
 */
final class FakeEmbeddings {
  static final int DEFAULT_DIMENSIONS = 8;

  private FakeEmbeddings() {}

  /** The inputs as texts (a token array becomes its numbers joined), or null when {@code input} is not valid. */
  static List<String> inputs(JsonNode request) {
    JsonNode input = request.path("input");
    List<String> texts = new ArrayList<>();
    if (input.isTextual()) {
      texts.add(input.asText());
    } else if (input.isArray() && !input.isEmpty() && input.get(0).isNumber()) {
      texts.add(input.toString()); // one token array
    } else if (input.isArray() && !input.isEmpty()) {
      for (JsonNode item : input) {
        if (!item.isTextual() && !item.isArray()) {
          return null;
        }
        texts.add(item.isTextual() ? item.asText() : item.toString());
      }
    } else {
      return null;
    }
    return texts;
  }

  static ObjectNode body(JsonNode request, List<String> inputs) {
    boolean base64 = request.path("encoding_format").asText().equals("base64");
    int dimensions = request.path("dimensions").asInt(DEFAULT_DIMENSIONS);
    dimensions = dimensions > 0 ? Math.min(dimensions, 8192) : DEFAULT_DIMENSIONS;

    ObjectNode body = WireFixtures.json(base64 ? "openai/embeddings-base64.json" : "openai/embeddings.json");
    ArrayNode data = (ArrayNode) body.get("data");
    ObjectNode template = (ObjectNode) data.get(0);
    data.removeAll();
    long chars = 0;
    for (int i = 0; i < inputs.size(); i++) {
      float[] vector = vector(inputs.get(i), dimensions);
      ObjectNode item = template.deepCopy().put("index", i);
      if (base64) {
        item.put("embedding", toBase64(vector));
      } else {
        ArrayNode values = item.putArray("embedding");
        for (float v : vector) {
          values.add(v);
        }
      }
      data.add(item);
      chars += inputs.get(i).length();
    }
    int tokens = (int) Math.max(1, chars / 4);
    body.put("model", request.path("model").asText());
    ((ObjectNode) body.get("usage")).put("prompt_tokens", tokens).put("total_tokens", tokens);
    return body;
  }

  static float[] vector(String text, int dimensions) {
    SplittableRandom random = new SplittableRandom(fnv1a(text.getBytes(StandardCharsets.UTF_8)));
    float[] vector = new float[dimensions];
    double norm = 0;
    for (int i = 0; i < dimensions; i++) {
      vector[i] = (float) (random.nextDouble() * 2 - 1);
      norm += vector[i] * vector[i];
    }
    double scale = norm == 0 ? 1 : 1 / Math.sqrt(norm);
    for (int i = 0; i < dimensions; i++) {
      vector[i] = (float) (vector[i] * scale);
    }
    return vector;
  }

  static String toBase64(float[] vector) {
    ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : vector) {
      bytes.putFloat(v);
    }
    return Base64.getEncoder().encodeToString(bytes.array());
  }

  /** FNV-1a 64 as the seed: defined on bytes, so stable everywhere, and 64 bits where String.hashCode has 32. */
  private static long fnv1a(byte[] bytes) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : bytes) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return hash;
  }
}
