package dev.sluice.core.provider.cohere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.canonical.EmbeddingRequest;
import dev.sluice.core.canonical.EmbeddingResponse;
import dev.sluice.core.error.GatewayException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CohereEmbeddingsTest {

  @Test
  void requestAsksForFloatDocumentEmbeddings() throws IOException {
    JsonNode body = CohereJson.MAPPER.readTree(
        CohereEmbeddings.encode(new EmbeddingRequest("alias", List.of("a", "b"), null), "embed-v4.0"));
    assertThat(body.get("model").asText()).isEqualTo("embed-v4.0");
    assertThat(body.get("texts").toString()).isEqualTo("[\"a\",\"b\"]");
    assertThat(body.get("input_type").asText()).isEqualTo("search_document");
    assertThat(body.get("embedding_types").toString()).isEqualTo("[\"float\"]");
    assertThat(body.has("output_dimension")).isFalse();
    assertThat(body.size()).isEqualTo(4);
  }

  @Test
  void dimensionsBecomeOutputDimension() throws IOException {
    JsonNode body = CohereJson.MAPPER.readTree(
        CohereEmbeddings.encode(new EmbeddingRequest("m", List.of("a"), 256), "embed-v4.0"));
    assertThat(body.get("output_dimension").asInt()).isEqualTo(256);
  }

  @Test
  void decodesFloatVectorsInOrderWithBilledTokens() {
    EmbeddingResponse r = CohereEmbeddings.decode(("""
        {"id":"e1","response_type":"embeddings_by_type","texts":["a","b"],
         "embeddings":{"float":[[0.5,-0.25],[1,0]]},
         "meta":{"api_version":{"version":"2"},"billed_units":{"input_tokens":3}}}""")
        .getBytes(StandardCharsets.UTF_8));
    assertThat(r.vectors()).hasSize(2);
    assertThat(r.vectors().get(0)).containsExactly(0.5f, -0.25f);
    assertThat(r.vectors().get(1)).containsExactly(1f, 0f);
    assertThat(r.inputTokens()).isEqualTo(3);
  }

  @Test
  void missingTokensAreZeroAndBadBodiesAreUpstreamErrors() {
    assertThat(CohereEmbeddings.decode("{\"embeddings\":{\"float\":[]}}".getBytes(StandardCharsets.UTF_8))
        .inputTokens()).isZero();
    for (String body : new String[] {"nope", "{}", "{\"embeddings\":{\"int8\":[[1]]}}",
        "{\"embeddings\":{\"float\":[1]}}", "{\"embeddings\":{\"float\":[[\"x\"]]}}"}) {
      assertThatThrownBy(() -> CohereEmbeddings.decode(body.getBytes(StandardCharsets.UTF_8))).as(body)
          .isInstanceOf(GatewayException.class);
    }
  }
}
