package dev.sluice.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.Tool;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import dev.sluice.core.usage.AttemptRecord;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every client dialect on every provider protocol, through the official SDKs: the OpenAI Java SDK (Chat
 * Completions and Responses) and the Anthropic Java SDK (Messages), unary and streamed, against one
 * wire-faithful fake per protocol. Each call must read back the fake's answer and its usage, and leave
 * exactly one served ledger record naming the provider.
 */
class SdkMatrixTest {
  private static final String REPLY = "Hello! How can I help you today?";
  private static final List<String> PROVIDERS = EveryProvider.PROVIDERS;
  private static EveryProvider every;
  private static OpenAIClient openai;
  private static AnthropicClient anthropic;

  @BeforeAll
  static void start() {
    every = new EveryProvider();
    openai = OpenAIOkHttpClient.builder().apiKey(every.key).baseUrl(every.baseUrl() + "/v1").maxRetries(0).build();
    anthropic = AnthropicOkHttpClient.builder().apiKey(every.key).baseUrl(every.baseUrl()).maxRetries(0).build();
  }

  @AfterAll
  static void stop() {
    openai.close();
    anthropic.close();
    every.close();
  }

  /** Waits for the one served record of the latest request and checks it names the provider and has tokens. */
  private static void assertOneServedRecord(String provider, String model) {
    Awaitility.await().untilAsserted(() -> {
      List<AttemptRecord> mine = every.records.stream().filter(r -> (r.provider() + "/" + r.model()).equals(model)).toList();
      assertThat(mine).hasSize(1);
      AttemptRecord record = mine.get(0);
      assertThat(record.provider()).isEqualTo(provider);
      assertThat(record.outcome()).isEqualTo(AttemptRecord.Outcome.SERVED);
      assertThat(record.usage().inputTokens()).isPositive();
      assertThat(record.usage().outputTokens()).isPositive();
    });
  }

  private static String uniqueModel(String provider, String test) {
    // A distinct model name per call keeps the ledger records apart; the fakes ignore unknown name parts.
    return provider + "/model-" + test + "-" + System.nanoTime();
  }

  @ParameterizedTest(name = "openai chat -> {0}")
  @FieldSource("PROVIDERS")
  void openAiChatCompletions(String provider) {
    String model = uniqueModel(provider, "chat");
    ChatCompletion completion = openai.chat().completions().create(
        ChatCompletionCreateParams.builder().model(model).addUserMessage("Hi there").build());
    assertThat(completion.choices().get(0).message().content()).hasValueSatisfying(c -> assertThat(c).contains(REPLY));
    assertThat(completion.usage().orElseThrow().promptTokens()).isPositive();
    assertOneServedRecord(provider, model);
  }

  @ParameterizedTest(name = "openai chat stream -> {0}")
  @FieldSource("PROVIDERS")
  void openAiChatStream(String provider) {
    String model = uniqueModel(provider, "chatstream");
    ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
    try (var stream = openai.chat().completions().createStreaming(ChatCompletionCreateParams.builder().model(model)
        .addUserMessage("Hi there").streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
        .build())) {
      stream.stream().forEach(acc::accumulate);
    }
    ChatCompletion completion = acc.chatCompletion();
    assertThat(completion.choices().get(0).message().content()).hasValueSatisfying(c -> assertThat(c).contains(REPLY));
    assertThat(completion.usage().orElseThrow().completionTokens()).isPositive();
    assertOneServedRecord(provider, model);
  }

  @ParameterizedTest(name = "openai tools -> {0}")
  @FieldSource("PROVIDERS")
  void openAiToolCall(String provider) {
    String model = uniqueModel(provider, "tools");
    ChatCompletion completion = openai.chat().completions().create(ChatCompletionCreateParams.builder().model(model)
        .addUserMessage("What is the weather in Paris?")
        .addTool(com.openai.models.chat.completions.ChatCompletionFunctionTool.builder()
            .function(com.openai.models.FunctionDefinition.builder().name("get_weather")
                .parameters(com.openai.models.FunctionParameters.builder()
                    .putAdditionalProperty("type", com.openai.core.JsonValue.from("object"))
                    .putAdditionalProperty("properties", com.openai.core.JsonValue.from(
                        Map.of("city", Map.of("type", "string"))))
                    .putAdditionalProperty("required", com.openai.core.JsonValue.from(List.of("city")))
                    .build())
                .build())
            .build())
        .build());
    var call = completion.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
    assertThat(call.function().name()).isEqualTo("get_weather");
    assertThat(call.function().arguments()).contains("city");
    assertThat(call.id()).isNotBlank();
    assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    assertOneServedRecord(provider, model);
  }

  @ParameterizedTest(name = "anthropic messages -> {0}")
  @FieldSource("PROVIDERS")
  void anthropicMessages(String provider) {
    String model = uniqueModel(provider, "messages");
    Message message = anthropic.messages().create(MessageCreateParams.builder().model(model).maxTokens(256)
        .addUserMessage("Hi there").build());
    assertThat(message.content().get(0).text().orElseThrow().text()).contains(REPLY);
    assertThat(message.usage().inputTokens()).isPositive();
    assertThat(message.usage().outputTokens()).isPositive();
    assertOneServedRecord(provider, model);
  }

  @ParameterizedTest(name = "anthropic stream -> {0}")
  @FieldSource("PROVIDERS")
  void anthropicStream(String provider) {
    String model = uniqueModel(provider, "mstream");
    MessageAccumulator acc = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> stream = anthropic.messages().createStreaming(
        MessageCreateParams.builder().model(model).maxTokens(256).addUserMessage("Hi there").build())) {
      stream.stream().forEach(acc::accumulate);
    }
    Message message = acc.message();
    assertThat(message.content().get(0).text().orElseThrow().text()).contains(REPLY);
    assertThat(message.usage().inputTokens()).isPositive(); // real input usage in message_start, on every provider
    assertThat(message.usage().outputTokens()).isPositive();
    assertOneServedRecord(provider, model);
  }

  @ParameterizedTest(name = "anthropic tools -> {0}")
  @FieldSource("PROVIDERS")
  void anthropicToolUse(String provider) {
    String model = uniqueModel(provider, "mtools");
    Message message = anthropic.messages().create(MessageCreateParams.builder().model(model).maxTokens(256)
        .addUserMessage("What is the weather in Paris?")
        .addTool(Tool.builder().name("get_weather").description("Weather by city")
            .inputSchema(Tool.InputSchema.builder()
                .properties(JsonValue.from(Map.of("city", Map.of("type", "string"))))
                .required(List.of("city")).build())
            .build())
        .build());
    var toolUse = message.content().stream().filter(b -> b.toolUse().isPresent()).findFirst().orElseThrow()
        .toolUse().orElseThrow();
    assertThat(toolUse.name()).isEqualTo("get_weather");
    assertThat(toolUse.id()).isNotBlank();
    assertThat(message.stopReason()).hasValue(com.anthropic.models.messages.StopReason.TOOL_USE);
    assertOneServedRecord(provider, model);
  }

  @ParameterizedTest(name = "responses -> {0}")
  @FieldSource("PROVIDERS")
  void openAiResponses(String provider) {
    String model = uniqueModel(provider, "responses");
    Response response = openai.responses().create(ResponseCreateParams.builder().model(model).input("Hi there").build());
    String text = response.output().stream().flatMap(item -> item.message().stream())
        .flatMap(m -> m.content().stream()).flatMap(c -> c.outputText().stream()).map(t -> t.text())
        .reduce("", String::concat);
    assertThat(text).contains(REPLY);
    assertThat(response.usage().orElseThrow().inputTokens()).isPositive();
    assertOneServedRecord(provider, model);
  }

  @ParameterizedTest(name = "responses stream -> {0}")
  @FieldSource("PROVIDERS")
  void openAiResponsesStream(String provider) {
    String model = uniqueModel(provider, "rstream");
    ResponseAccumulator acc = ResponseAccumulator.create();
    try (var stream = openai.responses().createStreaming(
        ResponseCreateParams.builder().model(model).input("Hi there").build())) {
      stream.stream().forEach((ResponseStreamEvent e) -> acc.accumulate(e));
    }
    Response response = acc.response();
    String text = response.output().stream().flatMap(item -> item.message().stream())
        .flatMap(m -> m.content().stream()).flatMap(c -> c.outputText().stream()).map(t -> t.text())
        .reduce("", String::concat);
    assertThat(text).contains(REPLY);
    assertOneServedRecord(provider, model);
  }
}
