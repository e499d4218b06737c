package dev.sluice.core.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.canonical.EmbeddingRequest;
import dev.sluice.core.canonical.EmbeddingResponse;
import dev.sluice.core.canonical.ProviderAccess;
import dev.sluice.core.canonical.UpstreamCall;
import dev.sluice.core.error.GatewayException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Embeddings through InvokeModel: Titan and Cohere bodies, signing, decoding both answer shapes. */
class BedrockEmbeddingsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final BedrockCodec CODEC = new BedrockCodec(new ProviderAccess("bedrock-runtime.us-east-1.amazonaws.com",
      "", "AKIDEXAMPLE", Map.of("region", "us-east-1", "secret_access_key", "secret")),
      Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC));

  @Test
  void titanTakesOneInputTextWithDimensionsAndIsSigned() throws Exception {
    UpstreamCall call = CODEC.embeddingsCall(new EmbeddingRequest("b/t", List.of("hello"), 256),
        "amazon.titan-embed-text-v2:0");
    assertThat(call.path()).isEqualTo("/model/amazon.titan-embed-text-v2%3A0/invoke");
    assertThat(call.headers().get("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/"
        + "us-east-1/bedrock/aws4_request");
    JsonNode body = JSON.readTree(call.body());
    assertThat(body.get("inputText").asText()).isEqualTo("hello");
    assertThat(body.get("dimensions").asInt()).isEqualTo(256);
  }

  @Test
  void titanRefusesSeveralInputsClearly() {
    assertThatThrownBy(() -> CODEC.embeddingsCall(new EmbeddingRequest("b/t", List.of("a", "b"), null),
        "amazon.titan-embed-text-v2:0"))
        .isInstanceOf(GatewayException.class).hasMessageContaining("one input per request");
  }

  @Test
  void cohereOnBedrockTakesTextsWithAnInputType() throws Exception {
    UpstreamCall call = CODEC.embeddingsCall(new EmbeddingRequest("b/c", List.of("a", "b"), null),
        "cohere.embed-english-v3");
    JsonNode body = JSON.readTree(call.body());
    assertThat(body.get("texts")).hasSize(2);
    assertThat(body.get("input_type").asText()).isEqualTo("search_document");
  }

  @Test
  void decodesTitanAndBothCohereShapes() {
    EmbeddingResponse titan = CODEC.decodeEmbeddings(bytes("{\"embedding\":[0.5,-0.25],\"inputTextTokenCount\":3}"));
    assertThat(titan.vectors()).singleElement().satisfies(v -> assertThat(v).containsExactly(0.5f, -0.25f));
    assertThat(titan.inputTokens()).isEqualTo(3);
    EmbeddingResponse cohere = CODEC.decodeEmbeddings(bytes("{\"id\":\"x\",\"embeddings\":[[1,2],[3,4]]}"));
    assertThat(cohere.vectors()).hasSize(2);
    assertThat(cohere.vectors().get(1)).containsExactly(3f, 4f);
    EmbeddingResponse typed = CODEC.decodeEmbeddings(bytes("{\"embeddings\":{\"float\":[[1,2]]}}"));
    assertThat(typed.vectors()).hasSize(1);
  }

  @Test
  void malformedAnswersAreUpstreamErrors() {
    for (String bad : List.of("not json", "[]", "{\"embeddings\":7}", "{\"embedding\":[\"x\"]}")) {
      assertThatThrownBy(() -> CODEC.decodeEmbeddings(bytes(bad))).as(bad).isInstanceOf(GatewayException.class);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
