package dev.sluice.core.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.canonical.EmbeddingRequest;
import dev.sluice.core.canonical.EmbeddingResponse;
import dev.sluice.core.canonical.UpstreamCall;
import dev.sluice.core.error.ErrorKind;
import dev.sluice.core.error.GatewayException;
import dev.sluice.core.stream.Fixtures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** {@code /embeddings}: request bodies and paths, float and base64 answers. */
class OpenAiChatCodecEmbeddingsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final float[] FIXTURE_VECTOR = {-0.0069f, -0.0053f, 0.0124f, -0.0301f};

  private final OpenAiChatCodec codec = OpenAiChatCodecRequestTest.codec(Map.of());

  private static JsonNode body(UpstreamCall call) throws IOException {
    return JSON.readTree(call.body());
  }

  @Test
  void requestBodyAndPath() throws IOException {
    UpstreamCall call = codec.embeddingsCall(new EmbeddingRequest("openai/small", List.of("a", "b"), 256),
        "text-embedding-3-small");
    assertThat(call.path()).isEqualTo("/embeddings");
    assertThat(body(call)).isEqualTo(JSON.readTree(
        "{\"model\":\"text-embedding-3-small\",\"input\":[\"a\",\"b\"],\"dimensions\":256}"));
    UpstreamCall plain = codec.embeddingsCall(new EmbeddingRequest("m", List.of("a"), null), "e");
    assertThat(body(plain).has("dimensions")).isFalse();
    assertThat(body(plain).has("encoding_format")).isFalse();
  }

  @Test
  void encodingFormatIsAnOption() throws IOException {
    OpenAiChatCodec base64 = OpenAiChatCodecRequestTest.codec(Map.of("embeddings_encoding_format", "base64"));
    assertThat(body(base64.embeddingsCall(new EmbeddingRequest("m", List.of("a"), null), "e"))
        .get("encoding_format").asText()).isEqualTo("base64");
    assertThatThrownBy(() -> OpenAiChatCodecRequestTest.codec(Map.of("embeddings_encoding_format", "int8")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void azureEmbeddingsPath() throws IOException {
    UpstreamCall call = OpenAiChatCodecRequestTest.codec(Map.of("azure", "true"))
        .embeddingsCall(new EmbeddingRequest("m", List.of("a"), null), "embed-prod");
    assertThat(call.path()).isEqualTo("/openai/deployments/embed-prod/embeddings?api-version=2024-10-21");
    assertThat(body(call).has("model")).isFalse();
  }

  @Test
  void floatFixture() {
    EmbeddingResponse r = codec.decodeEmbeddings(Fixtures.bytes("openai/embeddings.json"));
    assertThat(r.vectors()).hasSize(1);
    assertThat(r.vectors().get(0)).containsExactly(FIXTURE_VECTOR);
    assertThat(r.inputTokens()).isEqualTo(2);
  }

  @Test
  void base64FixtureHoldsTheSameLittleEndianFloats() {
    EmbeddingResponse r = codec.decodeEmbeddings(Fixtures.bytes("openai/embeddings-base64.json"));
    assertThat(r.vectors()).hasSize(1);
    assertThat(r.vectors().get(0)).containsExactly(FIXTURE_VECTOR, Offset.offset(1e-7f));
    assertThat(r.inputTokens()).isEqualTo(2);
  }

  @Test
  void base64RoundTripsExactly() {
    float[] v = {1.5f, -2.25f, Float.MIN_VALUE, 3.4e38f};
    ByteBuffer buf = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      buf.putFloat(f);
    }
    String b64 = Base64.getEncoder().encodeToString(buf.array());
    EmbeddingResponse r = codec.decodeEmbeddings(("{\"data\":[{\"index\":0,\"embedding\":\"" + b64 + "\"}]}")
        .getBytes(StandardCharsets.UTF_8));
    assertThat(r.vectors().get(0)).containsExactly(v);
    assertThat(r.inputTokens()).isZero();
  }

  @Test
  void vectorsComeInIndexOrder() {
    EmbeddingResponse r = codec.decodeEmbeddings(("{\"data\":[{\"index\":1,\"embedding\":[2.0]},"
        + "{\"index\":0,\"embedding\":[1.0]}],\"usage\":{\"prompt_tokens\":4}}").getBytes(StandardCharsets.UTF_8));
    assertThat(r.vectors().get(0)).containsExactly(1.0f);
    assertThat(r.vectors().get(1)).containsExactly(2.0f);
    assertThat(r.inputTokens()).isEqualTo(4);
  }

  @Test
  void badAnswersAreUpstreamErrors() {
    for (String bad : List.of("nope", "{\"data\":{}}", "{\"data\":[{\"index\":0,\"embedding\":\"!!\"}]}",
        "{\"data\":[{\"index\":0,\"embedding\":\"AAA=\"}]}", "{\"data\":[{\"index\":0,\"embedding\":[\"x\"]}]}",
        "{\"data\":[{\"index\":3,\"embedding\":[1]}]}", "{\"data\":[{\"index\":0,\"embedding\":[1]},"
            + "{\"index\":0,\"embedding\":[2]}]}", "{\"data\":[{\"index\":0}]}",
        "{\"error\":{\"message\":\"Input too long\"}}")) {
      assertThatThrownBy(() -> codec.decodeEmbeddings(bad.getBytes(StandardCharsets.UTF_8)))
          .as(bad)
          .isInstanceOfSatisfying(GatewayException.class,
              e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR));
    }
    assertThatThrownBy(() -> codec.decodeEmbeddings("{\"error\":{\"message\":\"Input too long\"}}"
        .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("Input too long");
  }
}
