package dev.sluice.core.canonical;

import java.util.List;

/** One vector per input, in input order; {@code inputTokens} 0 when the provider does not say. */
public record EmbeddingResponse(List<float[]> vectors, long inputTokens) {
  public EmbeddingResponse {
    vectors = List.copyOf(vectors);
  }
}
