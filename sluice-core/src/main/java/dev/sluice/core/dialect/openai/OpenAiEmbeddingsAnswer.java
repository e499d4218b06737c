package dev.sluice.core.dialect.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.canonical.EmbeddingRequest;
import dev.sluice.core.canonical.EmbeddingResponse;
import dev.sluice.core.error.GatewayException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Embeddings for an OpenAI caller on a provider of another protocol: the caller's request as canonical
 * texts, and the provider's vectors back as OpenAI's {@code list} object (floats, or base64 little-endian
 * float32 when the caller asked for {@code encoding_format: base64}, as {@code wire/openai/embeddings*.json}).
 */
public final class OpenAiEmbeddingsAnswer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private OpenAiEmbeddingsAnswer() {}

  /** The texts to embed; token-id inputs cannot be translated to another provider's tokenizer. */
  public static EmbeddingRequest canonical(OpenAiEmbeddingsRequest request) {
    JsonNode input = request.body().get("input");
    List<String> texts = new ArrayList<>();
    if (input.isTextual()) {
      texts.add(input.textValue());
    } else {
      for (JsonNode item : input) {
        if (!item.isTextual()) {
          throw GatewayException.invalidRequest("This model's provider takes text inputs only, not token ids.",
              "input");
        }
        texts.add(item.textValue());
      }
    }
    return new EmbeddingRequest(request.model(), texts,
        request.dimensions().isPresent() ? request.dimensions().getAsInt() : null);
  }

  /** @param inputTokens what {@code usage} reports: the provider's count, or the gateway's estimate without one */
  public static byte[] encode(EmbeddingResponse response, long inputTokens, String requestedModel, boolean base64) {
    ObjectNode root = JSON.createObjectNode().put("object", "list");
    ArrayNode data = root.putArray("data");
    int index = 0;
    for (float[] vector : response.vectors()) {
      ObjectNode item = data.addObject().put("object", "embedding").put("index", index++);
      if (base64) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : vector) {
          bytes.putFloat(f);
        }
        item.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
      } else {
        ArrayNode values = item.putArray("embedding");
        for (float f : vector) {
          values.add(f);
        }
      }
    }
    root.put("model", requestedModel);
    root.putObject("usage").put("prompt_tokens", inputTokens).put("total_tokens", inputTokens);
    try {
      return JSON.writeValueAsBytes(root);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("a tree always serialises", e);
    }
  }
}
