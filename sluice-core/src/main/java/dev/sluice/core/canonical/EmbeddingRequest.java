package dev.sluice.core.canonical;

import java.util.List;

/** Texts to embed; {@code dimensions} null for the model's default. */
public record EmbeddingRequest(String model, List<String> inputs, Integer dimensions) {
  public EmbeddingRequest {
    inputs = List.copyOf(inputs);
  }
}
