package dev.sluice.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.chat.completions.StructuredChatCompletion;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK against the running gateway, in front of the fake OpenAI provider. */
class OpenAiSdkTest {
  private static final String FAKE_REPLY = "Hello! How can I help you today?";
  private static GatewayHarness harness;
  private static OpenAIClient client;

  @BeforeAll
  static void start() {
    harness = GatewayHarness.start();
    client = clientWithKey(harness.key);
  }

  @AfterAll
  static void stop() {
    client.close();
    harness.close();
  }

  @BeforeEach
  void clearFake() {
    harness.fake.clearRequests();
  }

  static OpenAIClient clientWithKey(String key) {
    return OpenAIOkHttpClient.builder().apiKey(key).baseUrl(harness.baseUrl() + "/v1").maxRetries(0).build();
  }

  private static ChatCompletionCreateParams.Builder chat(String model) {
    return ChatCompletionCreateParams.builder().model(model).addUserMessage("Hi there");
  }

  @Test
  void nonStreamingChatReturnsTheProviderAnswerWithDecisionHeaders() {
    HttpResponseFor<ChatCompletion> raw = client.chat().completions().withRawResponse()
        .create(chat("fake/gpt-4o-mini").build());
    ChatCompletion completion = raw.parse();
    assertThat(completion.choices().get(0).message().content()).contains(FAKE_REPLY);
    assertThat(completion.usage().orElseThrow().promptTokens()).isPositive();
    assertThat(raw.headers().values("x-request-id")).singleElement().asString().startsWith("req_");
    assertThat(raw.headers().values("x-sluice-provider")).containsExactly("fake");
    assertThat(raw.headers().values("x-sluice-model")).containsExactly("fake/gpt-4o-mini");
  }

  @Test
  void theProviderGetsItsOwnKeyAndModelNameNeverTheCallersKey() {
    client.chat().completions().create(chat("fake/gpt-4o-mini").build());
    var upstream = harness.fake.lastRequest();
    assertThat(upstream.headers().get("authorization")).isEqualTo("Bearer " + harness.fake.apiKey());
    assertThat(upstream.headers().values()).noneMatch(v -> v.contains(harness.key));
    assertThat(upstream.body()).doesNotContain(harness.key);
    assertThat(upstream.json().get("model").asText()).isEqualTo("gpt-4o-mini");
  }

  @Test
  void aliasesResolveToTheirDeployment() {
    ChatCompletion completion = client.chat().completions().create(chat("fast").build());
    assertThat(completion.choices().get(0).message().content()).contains(FAKE_REPLY);
    assertThat(harness.fake.lastRequest().json().get("model").asText()).isEqualTo("gpt-4o-mini");
  }

  @Test
  void streamingAccumulatesToTheSameAnswerAndReportsUsageWhenAsked() {
    ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
        chat("fake/gpt-4o-mini")
            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
      stream.stream().forEach(chunk -> {
        chunks.add(chunk);
        accumulator.accumulate(chunk);
      });
    }
    ChatCompletion completion = accumulator.chatCompletion();
    assertThat(completion.choices().get(0).message().content()).contains(FAKE_REPLY);
    assertThat(chunks.size()).isGreaterThan(3);
    assertThat(chunks.get(chunks.size() - 1).usage()).isPresent();
    assertThat(chunks.get(chunks.size() - 1).choices()).isEmpty();
  }

  @Test
  void streamingWithoutUsageHidesTheUsageChunkTheGatewayAskedFor() {
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(chat("fake/gpt-4o-mini").build())) {
      stream.stream().forEach(chunks::add);
    }
    assertThat(chunks).isNotEmpty().allSatisfy(c -> assertThat(c.usage()).isEmpty());
    assertThat(chunks).allSatisfy(c -> assertThat(c.choices()).isNotEmpty());
    // ...while the provider was asked for usage, so the gateway can account for the stream.
    assertThat(harness.fake.lastRequest().json().at("/stream_options/include_usage").asBoolean()).isTrue();
  }

  @Test
  void toolCallsRoundTrip() {
    FunctionDefinition weather = FunctionDefinition.builder()
        .name("get_weather")
        .description("Current weather for a city")
        .parameters(FunctionParameters.builder()
            .putAdditionalProperty("type", JsonValue.from("object"))
            .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
            .putAdditionalProperty("required", JsonValue.from(List.of("city")))
            .build())
        .build();
    ChatCompletionCreateParams first = chat("fake/gpt-4o-mini")
        .addTool(ChatCompletionFunctionTool.builder().function(weather).build()).build();
    ChatCompletion call = client.chat().completions().create(first);
    assertThat(call.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    ChatCompletionMessageFunctionToolCall toolCall =
        call.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
    assertThat(toolCall.function().name()).isEqualTo("get_weather");
    assertThat(toolCall.function().arguments()).contains("\"city\"");
    // The tools array reached the provider unchanged.
    assertThat(harness.fake.lastRequest().json().at("/tools/0/function/name").asText()).isEqualTo("get_weather");

    ChatCompletionCreateParams second = first.toBuilder()
        .addMessage(call.choices().get(0).message())
        .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(toolCall.id()).content("18C and sunny").build())
        .build();
    ChatCompletion answer = client.chat().completions().create(second);
    assertThat(answer.choices().get(0).message().content()).contains("The tool said: 18C and sunny");
  }

  @Test
  void streamedToolCallsAccumulate() {
    FunctionDefinition lookup = FunctionDefinition.builder().name("lookup")
        .parameters(FunctionParameters.builder()
            .putAdditionalProperty("type", JsonValue.from("object"))
            .putAdditionalProperty("properties", JsonValue.from(Map.of("query", Map.of("type", "string"))))
            .build())
        .build();
    ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
        chat("fake/gpt-4o-mini").addTool(ChatCompletionFunctionTool.builder().function(lookup).build()).build())) {
      stream.stream().forEach(accumulator::accumulate);
    }
    var toolCall = accumulator.chatCompletion().choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
    assertThat(toolCall.function().name()).isEqualTo("lookup");
    assertThat(toolCall.function().arguments()).contains("\"query\"");
  }

  /** The structured-output class the SDK turns into a JSON schema. */
  public static class Weather {
    public String city;
    public long temperature;
  }

  @Test
  void jsonSchemaResponseFormatParsesIntoTheCallersType() {
    StructuredChatCompletion<Weather> completion = client.chat().completions().create(
        ChatCompletionCreateParams.builder().model("fake/gpt-4o-mini").addUserMessage("Weather in Paris?")
            .responseFormat(Weather.class).build());
    Weather weather = completion.choices().get(0).message().content().orElseThrow();
    assertThat(weather.city).isNotBlank();
    assertThat(harness.fake.lastRequest().json().at("/response_format/type").asText()).isEqualTo("json_schema");
  }

  @Test
  void embeddingsInFloatAndBase64AgreeValueForValue() {
    EmbeddingCreateParams.Builder params = EmbeddingCreateParams.builder()
        .model("fake/text-embedding-3-small").input("hello world");
    CreateEmbeddingResponse asFloats =
        client.embeddings().create(params.encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT).build());
    assertThat(harness.fake.lastRequest().json().get("encoding_format").asText()).isEqualTo("float");
    CreateEmbeddingResponse asBase64 =
        client.embeddings().create(params.encodingFormat(EmbeddingCreateParams.EncodingFormat.BASE64).build());
    assertThat(harness.fake.lastRequest().json().get("encoding_format").asText()).isEqualTo("base64");
    List<Float> floats = asFloats.data().get(0).embedding();
    assertThat(floats).isNotEmpty();
    assertThat(asBase64.data().get(0).embedding()).isEqualTo(floats);
    assertThat(asFloats.usage().promptTokens()).isPositive();
  }

  @Test
  void modelsListsAliasesAndProviderModelsWithContextAndPrices() {
    List<Model> models = new ArrayList<>();
    client.models().list().autoPager().forEach(models::add);
    assertThat(models).extracting(Model::id).contains("fast", "fake/gpt-4o-mini", "fake/house-model");
    Model mini = models.stream().filter(m -> m.id().equals("fake/gpt-4o-mini")).findFirst().orElseThrow();
    assertThat(mini.ownedBy()).isEqualTo("fake");
    assertThat(mini._additionalProperties().get("context_length")).isEqualTo(JsonValue.from(128000));
    assertThat(mini._additionalProperties().get("pricing").toString()).contains("0.00000015");
    Model house = models.stream().filter(m -> m.id().equals("fake/house-model")).findFirst().orElseThrow();
    assertThat(house._additionalProperties().get("context_length")).isEqualTo(JsonValue.from(32000));
    assertThat(house._additionalProperties()).doesNotContainKey("pricing"); // unknown, not guessed
  }

  @Test
  void aBadKeyIsRefusedWithoutEchoingIt() {
    String wrong = "sk-sluice-this-is-not-a-real-key-0000000000000";
    OpenAIClient bad = clientWithKey(wrong);
    try {
      assertThatThrownBy(() -> bad.chat().completions().create(chat("fake/gpt-4o-mini").build()))
          .isInstanceOfSatisfying(UnauthorizedException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(401);
            assertThat(e.getMessage()).doesNotContain(wrong);
            assertThat(e.body().toString()).doesNotContain(wrong);
            assertThat(e.code()).contains("invalid_api_key");
          });
    } finally {
      bad.close();
    }
    assertThat(harness.fake.requests()).isEmpty();
  }

  @Test
  void anUnknownModelIs404AlsoWhenStreaming() {
    assertThatThrownBy(() -> client.chat().completions().create(chat("fake-nope/gpt").build()))
        .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.code()).contains("model_not_found"));
    assertThatThrownBy(() -> {
      try (StreamResponse<ChatCompletionChunk> s =
          client.chat().completions().createStreaming(chat("no-such-alias").build())) {
        s.stream().forEach(c -> { });
      }
    }).isInstanceOf(NotFoundException.class);
    assertThat(harness.fake.requests()).isEmpty();
  }

  @Test
  void providerRateLimitsAndFailuresAreRelayedInTheOpenAiShape() {
    assertThatThrownBy(() -> client.chat().completions().create(chat("fake/error-429").build()))
        .isInstanceOfSatisfying(RateLimitException.class,
            e -> assertThat(e.headers().values("retry-after")).containsExactly("1"));
    assertThatThrownBy(() -> client.chat().completions().create(chat("fake/error-500").build()))
        .isInstanceOfSatisfying(InternalServerException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(502);
          assertThat(e.getMessage()).contains("fake");
        });
    assertThatThrownBy(() -> client.chat().completions().create(chat("fake/error-400").build()))
        .isInstanceOfSatisfying(OpenAIServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
  }
}
