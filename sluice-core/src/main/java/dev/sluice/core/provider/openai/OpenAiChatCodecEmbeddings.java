package dev.sluice.core.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.canonical.EmbeddingRequest;
import dev.sluice.core.canonical.EmbeddingResponse;
import dev.sluice.core.error.GatewayException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;

/**
 * OpenAI's {@code /embeddings}: the request body, and the {@code list} answer back to vectors. Vectors come
 * as JSON numbers ({@code encoding_format: float}, the default every compatible host supports) or as base64
 * of little-endian float32s ({@code base64}, what OpenAI's SDKs ask for: a quarter of the bytes); both are
 * read, in {@code index} order.
 */
final class OpenAiChatCodecEmbeddings {
  private OpenAiChatCodecEmbeddings() {}

  /**
   * @param model the upstream model, or null to leave it out (Azure)
   * @param encodingFormat {@code float} or {@code base64}, or null for the host's default (float)
   */
  static ObjectNode encode(EmbeddingRequest request, String model, String encodingFormat) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    if (model != null) {
      body.put("model", model);
    }
    ArrayNode input = body.putArray("input");
    request.inputs().forEach(input::add);
    if (request.dimensions() != null) {
      body.put("dimensions", request.dimensions());
    }
    if (encodingFormat != null) {
      body.put("encoding_format", encodingFormat);
    }
    return body;
  }

  static EmbeddingResponse decode(byte[] body) {
    JsonNode root = OpenAiChatCodecJson.read(body);
    if (root == null || !root.isObject()) {
      throw GatewayException.upstream("The provider's embeddings answer is not a JSON object.");
    }
    JsonNode data = root.get("data");
    if (data == null || !data.isArray()) {
      String message = OpenAiChatCodecErrors.message(root);
      throw GatewayException.upstream(message != null ? "The provider answered with an error: " + message
          : "The provider's embeddings answer has no data array.");
    }
    float[][] byIndex = new float[data.size()][];
    for (int i = 0; i < data.size(); i++) {
      JsonNode item = data.get(i);
      int index = item.path("index").asInt(i);
      if (index < 0 || index >= byIndex.length || byIndex[index] != null) {
        throw GatewayException.upstream("The provider's embeddings answer has a bad index: " + index + ".");
      }
      byIndex[index] = vector(item.get("embedding"), index);
    }
    JsonNode tokens = root.path("usage").get("prompt_tokens");
    return new EmbeddingResponse(List.of(byIndex), tokens != null && tokens.canConvertToLong()
        ? Math.max(0, tokens.longValue()) : 0);
  }

  private static float[] vector(JsonNode embedding, int index) {
    if (embedding != null && embedding.isTextual()) {
      return fromBase64(embedding.textValue(), index);
    }
    if (embedding == null || !embedding.isArray()) {
      throw GatewayException.upstream("The provider's embedding " + index + " is neither an array nor base64.");
    }
    float[] v = new float[embedding.size()];
    for (int k = 0; k < v.length; k++) {
      JsonNode x = embedding.get(k);
      if (!x.isNumber()) {
        throw GatewayException.upstream("The provider's embedding " + index + " holds a non-number.");
      }
      v[k] = x.floatValue();
    }
    return v;
  }

  private static float[] fromBase64(String text, int index) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw GatewayException.upstream("The provider's embedding " + index + " is not valid base64.");
    }
    if (bytes.length % Float.BYTES != 0) {
      throw GatewayException.upstream("The provider's embedding " + index + " is not a whole number of float32s.");
    }
    float[] v = new float[bytes.length / Float.BYTES];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
    return v;
  }
}
