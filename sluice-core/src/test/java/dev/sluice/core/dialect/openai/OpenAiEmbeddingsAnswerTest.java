package dev.sluice.core.dialect.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.canonical.EmbeddingRequest;
import dev.sluice.core.canonical.EmbeddingResponse;
import dev.sluice.core.error.GatewayException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiEmbeddingsAnswerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static OpenAiEmbeddingsRequest parse(String body) {
    return OpenAiEmbeddingsRequest.parse(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void textInputsBecomeCanonicalTextsWithDimensions() {
    EmbeddingRequest one = OpenAiEmbeddingsAnswer.canonical(parse("{\"model\":\"g/e\",\"input\":\"hello\"}"));
    assertThat(one.inputs()).containsExactly("hello");
    assertThat(one.dimensions()).isNull();
    EmbeddingRequest many = OpenAiEmbeddingsAnswer.canonical(
        parse("{\"model\":\"g/e\",\"input\":[\"a\",\"b\"],\"dimensions\":256}"));
    assertThat(many.inputs()).containsExactly("a", "b");
    assertThat(many.dimensions()).isEqualTo(256);
  }

  @Test
  void tokenIdInputsCannotBeTranslated() {
    assertThatThrownBy(() -> OpenAiEmbeddingsAnswer.canonical(parse("{\"model\":\"g/e\",\"input\":[[1,2,3]]}")))
        .isInstanceOf(GatewayException.class).hasMessageContaining("text inputs only");
  }

  @Test
  void vectorsComeBackInOpenAisShapeAsFloatsOrLittleEndianBase64() throws Exception {
    EmbeddingResponse answer = new EmbeddingResponse(List.of(new float[] {0.5f, -1.25f}, new float[] {2f, 0f}), 0);
    JsonNode floats = JSON.readTree(OpenAiEmbeddingsAnswer.encode(answer, 7, "g/e", false));
    assertThat(floats.get("object").asText()).isEqualTo("list");
    assertThat(floats.get("model").asText()).isEqualTo("g/e");
    assertThat(floats.at("/data/1/index").asInt()).isEqualTo(1);
    assertThat(floats.at("/data/0/embedding/1").asDouble()).isEqualTo(-1.25);
    assertThat(floats.at("/usage/prompt_tokens").asLong()).isEqualTo(7);
    assertThat(floats.at("/usage/total_tokens").asLong()).isEqualTo(7);

    JsonNode base64 = JSON.readTree(OpenAiEmbeddingsAnswer.encode(answer, 7, "g/e", true));
    ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64.at("/data/0/embedding").asText()))
        .order(ByteOrder.LITTLE_ENDIAN);
    assertThat(bytes.getFloat()).isEqualTo(0.5f);
    assertThat(bytes.getFloat()).isEqualTo(-1.25f);
    assertThat(bytes.hasRemaining()).isFalse();
  }
}
