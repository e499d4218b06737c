package dev.sluice.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.BadRequestException;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** OpenAI embeddings on Bedrock (InvokeModel, SigV4-signed, checked by the fake): Titan and Cohere models. */
class BedrockEmbeddingsE2eTest {
  private static EveryProvider every;
  private static OpenAIClient openai;

  @BeforeAll
  static void start() {
    every = new EveryProvider();
    openai = OpenAIOkHttpClient.builder().apiKey(every.key).baseUrl(every.baseUrl() + "/v1").maxRetries(0).build();
  }

  @AfterAll
  static void stop() {
    openai.close();
    every.close();
  }

  @Test
  void titanEmbedsOneInputWithItsTokenCount() {
    CreateEmbeddingResponse r = openai.embeddings().create(EmbeddingCreateParams.builder()
        .model("bedrock/amazon.titan-embed-text-v2:0").input("hello world").build());
    assertThat(r.data()).singleElement().satisfies(e -> assertThat(e.embedding()).isNotEmpty());
    assertThat(r.usage().promptTokens()).isPositive();
    assertThat(every.bedrock.lastRequest().path()).isEqualTo("/model/amazon.titan-embed-text-v2%3A0/invoke");
  }

  @Test
  void cohereOnBedrockEmbedsSeveralInputs() {
    CreateEmbeddingResponse r = openai.embeddings().create(EmbeddingCreateParams.builder()
        .model("bedrock/cohere.embed-english-v3").inputOfArrayOfStrings(List.of("a", "b", "c")).build());
    assertThat(r.data()).hasSize(3);
    assertThat(r.data().get(2).index()).isEqualTo(2);
    assertThat(r.usage().promptTokens()).isPositive(); // estimated by the gateway: Cohere on Bedrock has no count
  }

  @Test
  void titanWithSeveralInputsIsAClearBadRequest() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> openai.embeddings().create(EmbeddingCreateParams.builder()
            .model("bedrock/amazon.titan-embed-text-v2:0").inputOfArrayOfStrings(List.of("a", "b")).build()))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("one input per request");
  }
}
