package dev.sluice.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponseFor;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.sluice.core.model.UsageSource;
import dev.sluice.core.usage.AttemptRecord;
import dev.sluice.server.Gateway;
import dev.sluice.server.config.ModelEntry;
import dev.sluice.server.config.ProviderSettings;
import dev.sluice.server.config.RoutingSettings;
import dev.sluice.server.config.ServerSettings;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.config.StoreSettings;
import dev.sluice.testkit.FakeAzureOpenAiProvider;
import dev.sluice.testkit.RecordedRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A gateway with an Azure OpenAI provider ({@code protocol: azure}, key in {@code api-key}, {@code api_version}
 * option) in front of the fake Azure resource, called through the official SDKs. The gateway must use Azure's
 * deployment URL with the configured api-version, send the key in {@code api-key} only, leave {@code model} out of
 * the body (the deployment names it), read Azure's answers (content-filter fields, the prompt-verdict chunk that
 * opens a stream) and record their usage, and never show the provider key to a caller.
 */
class AzureE2eTest {
  private static final String REPLY = "Hello! How can I help you today?";
  private static final String API_VERSION = "2024-10-21";

  private static FakeAzureOpenAiProvider azure;
  private static Gateway gateway;
  private static String key;
  private static OpenAIClient openai;
  private static AnthropicClient anthropic;
  private static final Queue<AttemptRecord> records = new ConcurrentLinkedQueue<>();

  @BeforeAll
  static void start() {
    azure = FakeAzureOpenAiProvider.start();
    Path dataDir = GatewayHarness.tempDir();
    ProviderSettings provider = new ProviderSettings("azure", "azure", azure.baseUrl(), azure.apiKey(), "api-key",
        Map.of(), List.of(new ModelEntry("my-gpt4o", null)), false, Map.of("api_version", API_VERSION));
    SluiceConfig config = new SluiceConfig("test",
        new ServerSettings("127.0.0.1", 0, 1 << 20, null, Duration.ofSeconds(15)),
        new StoreSettings("sqlite:" + dataDir.resolve("sluice.db"), dataDir), List.of(provider), List.of(),
        new RoutingSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5)).withRetries(0));
    gateway = Gateway.start(config, Map.of(), List.of(records::add));
    key = gateway.keys().create("azure", null).plaintext();
    openai = OpenAIOkHttpClient.builder().apiKey(key).baseUrl(gateway.baseUrl() + "/v1").maxRetries(0).build();
    anthropic = AnthropicOkHttpClient.builder().apiKey(key).baseUrl(gateway.baseUrl()).maxRetries(0).build();
  }

  @AfterAll
  static void stop() {
    openai.close();
    anthropic.close();
    gateway.close();
    azure.close();
  }

  @BeforeEach
  void clean() {
    azure.clearRequests();
  }

  @Test
  void unaryChat_goesToTheDeploymentUrl_withApiKeyAndNoModel_andRecordsUsage() {
    String deployment = deployment("chat");
    HttpResponseFor<ChatCompletion> raw = openai.chat().completions().withRawResponse().create(
        ChatCompletionCreateParams.builder().model("azure/" + deployment).addUserMessage("Hi there").build());
    ChatCompletion completion = raw.parse();

    assertThat(completion.choices().get(0).message().content()).hasValue(REPLY);
    assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    assertThat(completion.usage().orElseThrow().promptTokens()).isPositive();
    assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(9); // the fake's 9 pieces
    assertThat(raw.headers().values("x-sluice-provider")).containsExactly("azure");
    assertThat(raw.headers().names()).allSatisfy(name ->
        assertThat(raw.headers().values(name)).noneMatch(v -> v.contains(azure.apiKey())));
    assertUpstreamCall(deployment, "chat/completions");
    assertThat(azure.lastRequest().json().at("/messages/0/content").asText()).isEqualTo("Hi there");
    assertThat(azure.lastRequest().json().has("stream")).isFalse();
    AttemptRecord record = servedRecord(deployment);
    assertThat(record.streamed()).isFalse();
    assertThat(record.usage().inputTokens()).isEqualTo(completion.usage().orElseThrow().promptTokens());
    assertThat(record.usage().outputTokens()).isEqualTo(9);
  }

  @Test
  void streamedChat_readsPastAzuresPromptVerdictChunk_andRelaysUsageWhenAsked() {
    String deployment = deployment("stream");
    ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (var stream = openai.chat().completions().createStreaming(ChatCompletionCreateParams.builder()
        .model("azure/" + deployment).addUserMessage("Hi there")
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
      stream.stream().forEach(chunk -> {
        chunks.add(chunk);
        accumulator.accumulate(chunk);
      });
    }
    ChatCompletion completion = accumulator.chatCompletion();

    assertThat(completion.choices().get(0).message().content()).hasValue(REPLY);
    assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(9);
    assertThat(completion.usage().orElseThrow().promptTokens()).isPositive();
    // One answer, one id: the prompt-verdict chunk's empty id must not become (part of) the caller's stream.
    assertThat(chunks).extracting(ChatCompletionChunk::id).containsOnly(chunks.get(0).id());
    assertThat(chunks.get(0).id()).isNotBlank();
    assertUpstreamCall(deployment, "chat/completions");
    JsonNode sent = azure.lastRequest().json();
    assertThat(sent.get("stream").asBoolean()).isTrue();
    assertThat(sent.at("/stream_options/include_usage").asBoolean()).isTrue();
    AttemptRecord record = servedRecord(deployment);
    assertThat(record.streamed()).isTrue();
    assertThat(record.usage().outputTokens()).isEqualTo(9);
  }

  @Test
  void toolCall_isTranslatedBothWays() {
    String deployment = deployment("tools");
    ChatCompletion completion = openai.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("azure/" + deployment).addUserMessage("What is the weather in Paris?")
        .addTool(ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder().name("get_weather")
            .parameters(FunctionParameters.builder()
                .putAdditionalProperty("type", JsonValue.from("object"))
                .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                .build())
            .build()).build())
        .build());

    var call = completion.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
    assertThat(call.function().name()).isEqualTo("get_weather");
    assertThat(call.function().arguments()).contains("\"city\"");
    assertThat(call.id()).startsWith("call_");
    assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    assertUpstreamCall(deployment, "chat/completions");
    JsonNode tool = azure.lastRequest().json().at("/tools/0");
    assertThat(tool.get("type").asText()).isEqualTo("function");
    assertThat(tool.at("/function/name").asText()).isEqualTo("get_weather");
    assertThat(tool.at("/function/parameters/required/0").asText()).isEqualTo("city");
    servedRecord(deployment);
  }

  @Test
  void anthropicMessages_onAnAzureDeployment() {
    String deployment = deployment("messages");
    Message message = anthropic.messages().create(MessageCreateParams.builder().model("azure/" + deployment)
        .maxTokens(256).system("Be brief.").addUserMessage("Hi there").build());

    assertThat(message.content().get(0).text().orElseThrow().text()).isEqualTo(REPLY);
    assertThat(message.stopReason()).hasValue(com.anthropic.models.messages.StopReason.END_TURN);
    assertThat(message.usage().inputTokens()).isPositive();
    assertThat(message.usage().outputTokens()).isEqualTo(9);
    assertUpstreamCall(deployment, "chat/completions");
    JsonNode sent = azure.lastRequest().json();
    assertThat(sent.get("max_tokens").asInt()).isEqualTo(256);
    assertThat(sent.at("/messages/0/role").asText()).isEqualTo("system");
    assertThat(sent.at("/messages/0/content").asText()).isEqualTo("Be brief.");
    assertThat(sent.at("/messages/1/content").asText()).isEqualTo("Hi there");
    servedRecord(deployment);
  }

  @Test
  void anthropicStream_onAnAzureDeployment_keepsAzuresAnswerId() {
    String deployment = deployment("mstream");
    MessageAccumulator accumulator = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> stream = anthropic.messages().createStreaming(
        MessageCreateParams.builder().model("azure/" + deployment).maxTokens(256).addUserMessage("Hi there").build())) {
      stream.stream().forEach(accumulator::accumulate);
    }
    Message message = accumulator.message();

    assertThat(message.content().get(0).text().orElseThrow().text()).isEqualTo(REPLY);
    assertThat(message.usage().outputTokens()).isEqualTo(9);
    // Azure's stream opens with an id-less prompt-verdict chunk; the answer's id comes next and must be the one used.
    assertThat(message.id()).startsWith("msg_chatcmpl-");
    assertUpstreamCall(deployment, "chat/completions");
    assertThat(servedRecord(deployment).streamed()).isTrue();
  }

  @Test
  void embeddings_goToTheDeploymentsEmbeddingsUrl_andComeBackAsFloats() {
    String deployment = deployment("embed");
    CreateEmbeddingResponse response = openai.embeddings().create(EmbeddingCreateParams.builder()
        .model("azure/" + deployment).input("hello world")
        .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT).build());

    assertThat(response.data()).hasSize(1);
    assertThat(response.data().get(0).embedding()).hasSize(8); // the fake's default dimensions
    assertThat(response.usage().promptTokens()).isPositive();
    assertUpstreamCall(deployment, "embeddings");
    assertThat(azure.lastRequest().json().at("/input/0").asText()).isEqualTo("hello world");
    AttemptRecord record = servedRecord(deployment);
    assertThat(record.usage().inputTokens()).isEqualTo(response.usage().promptTokens());
  }

  @Test
  void theProviderKeyNeverReachesACaller_inAnswersOrErrors() {
    List<HttpResponse<String>> responses = List.of(
        Http.post(gateway.baseUrl() + "/v1/chat/completions", key,
            chatBody(deployment("raw"), false)),
        Http.post(gateway.baseUrl() + "/v1/embeddings", key,
            "{\"model\":\"azure/" + deployment("rawembed") + "\",\"input\":\"x\"}"),
        Http.post(gateway.baseUrl() + "/v1/chat/completions", key, chatBody("dep-error-429", false)),
        Http.post(gateway.baseUrl() + "/v1/chat/completions", key, chatBody("dep-error-401", false)),
        Http.post(gateway.baseUrl() + "/v1/chat/completions", key, chatBody("dep-content-filter", false)));
    Http.StreamResult streamed = Http.stream(gateway.baseUrl() + "/v1/chat/completions", key,
        chatBody(deployment("rawstream"), true));

    assertThat(responses).extracting(HttpResponse::statusCode).containsExactly(200, 200, 429, 502, 400); // a provider refusing its key is a bad gateway, not the caller's 401
    for (HttpResponse<String> response : responses) {
      assertThat(response.body()).doesNotContain(azure.apiKey());
      assertThat(response.headers().map().values()).allSatisfy(values ->
          assertThat(values).noneMatch(v -> v.contains(azure.apiKey())));
    }
    assertThat(streamed.raw()).contains(REPLY.substring(0, 5)).doesNotContain(azure.apiKey());
    assertThat(responses.get(2).body()).contains("rate limit");
    assertThat(responses.get(4).body()).contains("content management policy");
  }

  // --- helpers ---

  private static String chatBody(String deployment, boolean stream) {
    return "{\"model\":\"azure/" + deployment + "\",\"stream\":" + stream
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi there\"}]}";
  }

  /** A distinct deployment per test keeps the ledger records apart; the fake ignores unknown name parts. */
  private static String deployment(String test) {
    return "dep-" + test + "-" + System.nanoTime();
  }

  /** The latest upstream request went to Azure's deployment URL, with only the api-key, and no model in the body. */
  private static void assertUpstreamCall(String deployment, String operation) {
    RecordedRequest sent = azure.lastRequest();
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.path()).isEqualTo("/openai/deployments/" + deployment + "/" + operation);
    assertThat(azure.lastRequestUri()).isEqualTo(sent.path() + "?api-version=" + API_VERSION);
    assertThat(sent.header("api-key")).isEqualTo(azure.apiKey());
    assertThat(sent.header("authorization")).isNull();
    assertThat(sent.headers().values()).noneMatch(v -> v.contains(key)); // never the caller's key upstream
    assertThat(sent.json().has("model")).isFalse();
    assertThat(azure.requestCount(deployment)).isEqualTo(1);
  }

  /** Waits for the deployment's one ledger record and checks it was served with reported usage. */
  private static AttemptRecord servedRecord(String deployment) {
    AtomicReference<AttemptRecord> found = new AtomicReference<>();
    Awaitility.await().untilAsserted(() -> {
      List<AttemptRecord> mine = records.stream().filter(r -> r.model().equals(deployment)).toList();
      assertThat(mine).hasSize(1);
      found.set(mine.get(0));
    });
    AttemptRecord record = found.get();
    assertThat(record.provider()).isEqualTo("azure");
    assertThat(record.outcome()).isEqualTo(AttemptRecord.Outcome.SERVED);
    assertThat(record.usage().source()).isEqualTo(UsageSource.REPORTED);
    assertThat(record.usage().inputTokens()).isPositive();
    return record;
  }
}
