package dev.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Talks HTTP to the fake Azure resource as a client would: Azure's routes, key header, errors and filter fields. */
class FakeAzureOpenAiProviderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HELLO = "Hello! How can I help you today?";
  private static final String VERSION = "2024-10-21";
  private static final String ACCESS_DENIED = "{\"error\":{\"code\":\"401\",\"message\":\"Access denied due to invalid"
      + " subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a"
      + " correct regional API endpoint for your resource.\"}}";
  private static final String NOT_FOUND = "{\"error\":{\"code\":\"404\",\"message\":\"Resource not found\"}}";
  private static final String WEATHER_TOOL = """
      [{"type":"function","function":{"name":"get_weather","parameters":{"type":"object",
        "properties":{"city":{"type":"string"}},"required":["city"]}}}]""";

  private static FakeAzureOpenAiProvider fake;
  private static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() {
    fake = FakeAzureOpenAiProvider.start();
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  @BeforeEach
  void clean() {
    fake.clearRequests();
    fake.resetFaults();
  }

  // --- happy paths ---

  @Test
  void unaryChat_isOpenAisShapeWithAzuresFilterFields_andTheDeploymentAsModel() throws Exception {
    HttpResponse<String> response = chat("my-gpt4o", """
        {"messages":[{"role":"user","content":"Say hello to me"}]}""");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode body = JSON.readTree(response.body());
    TreeSet<String> expected = keys(fixture("chat-completion.json"));
    expected.remove("service_tier"); // not an Azure field
    expected.addAll(List.of("choices[].content_filter_results", "prompt_filter_results",
        "prompt_filter_results[].prompt_index", "prompt_filter_results[].content_filter_results"));
    assertThat(keys(body)).containsAll(expected).doesNotContain("service_tier");
    assertThat(body.at("/choices/0/message/content").asText()).isEqualTo(HELLO);
    assertThat(body.get("model").asText()).isEqualTo("my-gpt4o");
    assertThat(body.get("id").asText()).startsWith("chatcmpl-");
    assertThat(body.at("/usage/prompt_tokens").asInt()).isEqualTo(3); // 15 characters / 4
    assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(9);
    assertThat(body.at("/usage/total_tokens").asInt()).isEqualTo(12);
    for (String category : List.of("hate", "self_harm", "sexual", "violence")) {
      assertThat(body.at("/choices/0/content_filter_results/" + category).toString())
          .isEqualTo("{\"filtered\":false,\"severity\":\"safe\"}");
      assertThat(body.at("/prompt_filter_results/0/content_filter_results/" + category + "/severity").asText())
          .isEqualTo("safe");
    }
    assertThat(body.at("/prompt_filter_results/0/prompt_index").asInt()).isZero();
    assertThat(body.at("/prompt_filter_results/0/content_filter_results/jailbreak").toString())
        .isEqualTo("{\"filtered\":false,\"detected\":false}");

    RecordedRequest recorded = fake.lastRequest();
    assertThat(recorded.method()).isEqualTo("POST");
    assertThat(recorded.path()).isEqualTo("/openai/deployments/my-gpt4o/chat/completions");
    assertThat(recorded.header("api-key")).isEqualTo(FakeAzureOpenAiProvider.DEFAULT_API_KEY);
    assertThat(recorded.json().has("model")).isFalse();
    assertThat(fake.lastRequestUri()).isEqualTo("/openai/deployments/my-gpt4o/chat/completions?api-version=" + VERSION);
    assertThat(fake.requestUris()).hasSize(1);
    assertThat(fake.requestCount("my-gpt4o")).isEqualTo(1);
  }

  @Test
  void aModelInTheBodyIsIgnored_theDeploymentDecides() throws Exception {
    JsonNode body = JSON.readTree(chat("dep-chunks-2", """
        {"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""").body());

    assertThat(body.get("model").asText()).isEqualTo("dep-chunks-2");
    assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("tok0 tok1 "); // knobs from the path
    assertThat(fake.requestCount("gpt-4o")).isZero();
  }

  @Test
  void stream_opensWithThePromptVerdictChunk_andEveryChoiceCarriesFilterResults() throws Exception {
    HttpResponse<String> response = chat("my-gpt4o", """
        {"stream":true,"stream_options":{"include_usage":true},
         "messages":[{"role":"user","content":"Say hello to me"}]}""");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v)
        .startsWith("text/event-stream"));
    assertThat(response.body()).endsWith("data: [DONE]\n\n");
    List<JsonNode> chunks = chunks(response.body());
    JsonNode first = chunks.get(0);
    assertThat(first.get("choices")).isEmpty();
    assertThat(first.get("id").asText()).isEmpty();
    assertThat(first.get("model").asText()).isEmpty();
    assertThat(first.get("object").asText()).isEmpty();
    assertThat(first.get("created").asLong()).isZero();
    assertThat(first.at("/prompt_filter_results/0/content_filter_results/hate/filtered").asBoolean(true)).isFalse();

    JsonNode role = chunks.get(1);
    assertThat(role.at("/choices/0/delta/role").asText()).isEqualTo("assistant");
    assertThat(role.at("/choices/0/content_filter_results").toString()).isEqualTo("{}");
    assertThat(role.get("model").asText()).isEqualTo("my-gpt4o");
    assertThat(role.get("id").asText()).startsWith("chatcmpl-");
    assertThat(role.has("service_tier")).isFalse();
    List<JsonNode> content = chunks.subList(2, chunks.size() - 2);
    assertThat(content).hasSize(9).allSatisfy(c -> {
      assertThat(c.at("/choices/0/delta/content").asText()).isNotEmpty();
      assertThat(c.at("/choices/0/content_filter_results/violence/severity").asText()).isEqualTo("safe");
    });
    assertThat(text(chunks)).isEqualTo(HELLO);
    JsonNode finish = chunks.get(chunks.size() - 2);
    assertThat(finish.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    assertThat(finish.at("/choices/0/content_filter_results").toString()).isEqualTo("{}");
    JsonNode usage = chunks.get(chunks.size() - 1);
    assertThat(usage.get("choices")).isEmpty();
    assertThat(usage.at("/usage/prompt_tokens").asInt()).isEqualTo(3);
    assertThat(usage.at("/usage/completion_tokens").asInt()).isEqualTo(9);
  }

  @Test
  void streamWithoutIncludeUsage_hasNoUsageChunk() throws Exception {
    List<JsonNode> chunks = chunks(chat("my-gpt4o", """
        {"stream":true,"messages":[{"role":"user","content":"hi"}]}""").body());

    assertThat(chunks).noneMatch(c -> c.has("usage") && !c.get("usage").isNull());
    assertThat(chunks.get(chunks.size() - 1).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
  }

  @Test
  void toolCall_unaryAndStreamed_callTheOfferedTool() throws Exception {
    JsonNode unary = JSON.readTree(chat("tools-dep", "{\"messages\":[{\"role\":\"user\",\"content\":\"Paris?\"}],"
        + "\"tools\":" + WEATHER_TOOL + "}").body());
    List<JsonNode> streamed = chunks(chat("tools-dep", "{\"stream\":true,\"messages\":[{\"role\":\"user\","
        + "\"content\":\"Paris?\"}],\"tools\":" + WEATHER_TOOL + "}").body());

    JsonNode call = unary.at("/choices/0/message/tool_calls/0");
    assertThat(call.at("/function/name").asText()).isEqualTo("get_weather");
    assertThat(JSON.readTree(call.at("/function/arguments").asText()).has("city")).isTrue();
    assertThat(call.get("id").asText()).startsWith("call_");
    assertThat(unary.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
    assertThat(unary.has("prompt_filter_results")).isTrue();

    assertThat(streamed.get(0).get("choices")).isEmpty(); // the prompt verdict first, here too
    assertThat(streamed.get(1).at("/choices/0/delta/tool_calls/0/function/name").asText()).isEqualTo("get_weather");
    StringBuilder arguments = new StringBuilder();
    for (JsonNode chunk : streamed) {
      arguments.append(chunk.at("/choices/0/delta/tool_calls/0/function/arguments").asText(""));
    }
    assertThat(JSON.readTree(arguments.toString()).has("city")).isTrue();
    assertThat(streamed.get(streamed.size() - 1).at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
  }

  @Test
  void embeddings_floatAndBase64_nameTheDeployment() throws Exception {
    HttpResponse<String> floats = post("/openai/deployments/embed-small/embeddings?api-version=" + VERSION,
        "{\"input\":[\"hello\",\"world\"]}", fake.apiKey());
    HttpResponse<String> base64 = post("/openai/deployments/embed-small/embeddings?api-version=" + VERSION,
        "{\"input\":\"hello\",\"encoding_format\":\"base64\"}", fake.apiKey());

    assertThat(floats.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(floats.body());
    assertThat(keys(body)).isEqualTo(keys(fixture("embeddings.json")));
    assertThat(body.get("model").asText()).isEqualTo("embed-small");
    assertThat(body.get("data")).hasSize(2);
    assertThat(body.at("/data/1/index").asInt()).isEqualTo(1);
    assertThat(body.at("/data/0/embedding")).hasSize(FakeEmbeddings.DEFAULT_DIMENSIONS);
    assertThat(body.at("/usage/prompt_tokens").asInt()).isPositive();
    JsonNode b64 = JSON.readTree(base64.body());
    assertThat(b64.at("/data/0/embedding").isTextual()).isTrue();
    assertThat(fake.lastRequest().path()).isEqualTo("/openai/deployments/embed-small/embeddings");
    assertThat(fake.requestCount("embed-small")).isEqualTo(2);
  }

  @Test
  void previewApiVersionsAreAccepted() throws Exception {
    HttpResponse<String> response = post("/openai/deployments/d/chat/completions?api-version=2025-04-01-preview",
        "{\"messages\":[]}", fake.apiKey());

    assertThat(response.statusCode()).isEqualTo(200);
  }

  // --- Azure's own refusals ---

  @Test
  void missingOrWrongApiKey_is401WithAzuresBody_neverTheKey() throws Exception {
    HttpResponse<String> missing = post(chatPath("d"), "{\"messages\":[]}", null);
    HttpResponse<String> wrong = post(chatPath("d"), "{\"messages\":[]}", "not-the-key-0123456789");
    HttpRequest bearer = HttpRequest.newBuilder(URI.create(fake.baseUrl() + chatPath("d")))
        .header("authorization", "Bearer " + fake.apiKey())
        .POST(HttpRequest.BodyPublishers.ofString("{\"messages\":[]}")).build();
    HttpResponse<String> openAiStyle = client.send(bearer, HttpResponse.BodyHandlers.ofString());

    for (HttpResponse<String> response : List.of(missing, wrong, openAiStyle)) {
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.body()).isEqualTo(ACCESS_DENIED);
    }
    assertThat(wrong.body()).doesNotContain("not-the-key");
    assertThat(fake.requestCount("d")).isZero();
  }

  @Test
  void requireApiKeyNull_acceptsAnyKeyAndNone() throws Exception {
    try (FakeAzureOpenAiProvider open = FakeAzureOpenAiProvider.start().requireApiKey(null)) {
      HttpRequest request = HttpRequest.newBuilder(URI.create(open.baseUrl() + chatPath("d")))
          .POST(HttpRequest.BodyPublishers.ofString("{\"messages\":[]}")).build();
      assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      assertThat(open.apiKey()).isNull();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/openai/deployments/d/chat/completions",
      "/openai/deployments/d/chat/completions?api-version=",
      "/openai/deployments/d/chat/completions?api-version=latest",
      "/openai/deployments/d/embeddings?version=2024-10-21",
      "/openai/deployments/d/completions?api-version=2024-10-21",
      "/openai/deployments/chat/completions?api-version=2024-10-21",
      "/v1/chat/completions",
      "/chat/completions?api-version=2024-10-21"})
  void unknownPathsAndMissingApiVersions_are404ResourceNotFound(String path) throws Exception {
    HttpResponse<String> response = post(path, "{\"messages\":[]}", fake.apiKey());

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo(NOT_FOUND);
  }

  @Test
  void getOnADeploymentRoute_is404() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(fake.baseUrl() + chatPath("d")))
        .header("api-key", fake.apiKey()).GET().build();

    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo(NOT_FOUND);
  }

  @Test
  void badJson_is400InOpenAisShape() throws Exception {
    HttpResponse<String> response = post(chatPath("d"), "{not json", fake.apiKey());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).at("/error/type").asText()).isEqualTo("invalid_request_error");
  }

  // --- knobs from the deployment name ---

  @Test
  void error429_isAzuresRateLimitBody_withRetryHeaders() throws Exception {
    HttpResponse<String> chat = chat("dep-error-429", "{\"messages\":[]}");
    HttpResponse<String> embeddings = post("/openai/deployments/emb-error-429-retry-after-2500/embeddings?api-version="
        + VERSION, "{\"input\":\"x\"}", fake.apiKey());

    assertThat(chat.statusCode()).isEqualTo(429);
    assertThat(chat.headers().firstValue("retry-after")).hasValue("1");
    assertThat(chat.headers().firstValue("retry-after-ms")).hasValue("1000");
    JsonNode error = JSON.readTree(chat.body()).get("error");
    assertThat(error.get("code").asText()).isEqualTo("429");
    assertThat(error.get("message").asText()).isEqualTo("Requests to the ChatCompletions_Create Operation under Azure"
        + " OpenAI API version 2024-10-21 have exceeded call rate limit of your current OpenAI S0 pricing tier. Please"
        + " retry after 1 second. Please go here: https://aka.ms/oai/quotaincrease if you would like to further"
        + " increase the default rate limit.");
    assertThat(embeddings.statusCode()).isEqualTo(429);
    assertThat(embeddings.headers().firstValue("retry-after")).hasValue("3");
    assertThat(JSON.readTree(embeddings.body()).at("/error/message").asText())
        .startsWith("Requests to the Embeddings_Create Operation").contains("Please retry after 3 seconds.");
  }

  @Test
  void error404_isDeploymentNotFound_andOther4xx5xxAreRelayedInOpenAisShape() throws Exception {
    JsonNode notFound = JSON.readTree(chat("dep-error-404", "{\"messages\":[]}").body());
    HttpResponse<String> serverError = chat("dep-error-503", "{\"messages\":[]}");
    HttpResponse<String> tooLong = chat("dep-context-length", "{\"messages\":[]}");

    assertThat(notFound.at("/error/code").asText()).isEqualTo("DeploymentNotFound");
    assertThat(notFound.at("/error/message").asText()).startsWith("The API deployment for this resource does not exist.");
    assertThat(serverError.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(serverError.body()).at("/error/type").asText()).isEqualTo("server_error");
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(tooLong.body()).at("/error/code").asText()).isEqualTo("context_length_exceeded");
  }

  @Test
  void contentFilter_is400WithAzuresInnerError() throws Exception {
    HttpResponse<String> response = chat("dep-content-filter", "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = JSON.readTree(response.body()).get("error");
    assertThat(error.get("code").asText()).isEqualTo("content_filter");
    assertThat(error.get("param").asText()).isEqualTo("prompt");
    assertThat(error.get("type").isNull()).isTrue();
    assertThat(error.get("status").asInt()).isEqualTo(400);
    assertThat(error.get("message").asText()).startsWith("The response was filtered due to the prompt triggering"
        + " Azure OpenAI's content management policy.");
    assertThat(error.at("/innererror/code").asText()).isEqualTo("ResponsibleAIPolicyViolation");
    assertThat(error.at("/innererror/content_filter_result/hate").toString())
        .isEqualTo("{\"filtered\":true,\"severity\":\"high\"}");
    assertThat(FakeAzureOpenAiRoutes.promptFiltered("wrong-content-type")).isFalse();
  }

  @Test
  void midstreamError_letsExactlyKContentChunksOut_afterThePromptVerdictAndRoleChunks() throws Exception {
    HttpResponse<String> response = chat("dep-midstream-error-3", "{\"stream\":true,\"messages\":[]}");

    assertThat(response.statusCode()).isEqualTo(200);
    String[] events = response.body().split("\n\n");
    assertThat(events).hasSize(1 + 1 + 3 + 1); // verdict, role, 3 content chunks, the error event
    assertThat(events[events.length - 1]).contains("\"type\":\"server_error\"");
    assertThat(response.body()).doesNotContain("[DONE]");
    List<JsonNode> content = chunks(String.join("\n\n", java.util.Arrays.copyOf(events, events.length - 1)));
    assertThat(text(content)).isEqualTo("Hello! How");
    Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> fake.openStreams() == 0);
  }

  @Test
  void noUsage_omitsUsageEvenWhenAsked() throws Exception {
    JsonNode unary = JSON.readTree(chat("dep-no-usage", "{\"messages\":[]}").body());
    List<JsonNode> streamed = chunks(chat("dep-no-usage", """
        {"stream":true,"stream_options":{"include_usage":true},"messages":[]}""").body());

    assertThat(unary.has("usage")).isFalse();
    assertThat(unary.has("prompt_filter_results")).isTrue();
    assertThat(streamed).noneMatch(c -> c.has("usage") && !c.get("usage").isNull());
  }

  @Test
  void flakyAndFailNext_failWithAzuresBodies_thenAnswer() throws Exception {
    HttpResponse<String> first = chat("dep-flaky429-1", "{\"messages\":[]}");
    HttpResponse<String> second = chat("dep-flaky429-1", "{\"messages\":[]}");
    fake.failNext(1, 401);
    HttpResponse<String> forced = chat("dep-plain", "{\"messages\":[]}");
    HttpResponse<String> after = chat("dep-plain", "{\"messages\":[]}");

    assertThat(first.statusCode()).isEqualTo(429);
    assertThat(JSON.readTree(first.body()).at("/error/code").asText()).isEqualTo("429");
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(forced.statusCode()).isEqualTo(401);
    assertThat(forced.body()).isEqualTo(ACCESS_DENIED);
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(fake.requestCount("dep-flaky429-1")).isEqualTo(2);
    assertThat(fake.requestCount("dep-plain")).isEqualTo(2);
  }

  @Test
  void closeTwice_isHarmless() {
    FakeAzureOpenAiProvider own = FakeAzureOpenAiProvider.start();
    own.close();
    own.close();
  }

  // --- helpers ---

  private static String chatPath(String deployment) {
    return "/openai/deployments/" + deployment + "/chat/completions?api-version=" + VERSION;
  }

  private static HttpResponse<String> chat(String deployment, String body) throws IOException, InterruptedException {
    return post(chatPath(deployment), body, fake.apiKey());
  }

  private static HttpResponse<String> post(String pathAndQuery, String body, String key)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fake.baseUrl() + pathAndQuery))
        .timeout(Duration.ofSeconds(10))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      request.header("api-key", key);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<JsonNode> chunks(String sse) throws IOException {
    List<JsonNode> chunks = new ArrayList<>();
    for (String event : sse.split("\n\n")) {
      assertThat(event).startsWith("data: ");
      String data = event.substring("data: ".length());
      if (!data.equals("[DONE]")) {
        chunks.add(JSON.readTree(data));
      }
    }
    return chunks;
  }

  private static String text(List<JsonNode> chunks) {
    StringBuilder text = new StringBuilder();
    for (JsonNode chunk : chunks) {
      text.append(chunk.at("/choices/0/delta/content").asText(""));
    }
    return text.toString();
  }

  private static JsonNode fixture(String name) throws IOException {
    try (InputStream in = FakeAzureOpenAiProviderTest.class.getResourceAsStream("/wire/openai/" + name)) {
      return JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** Every field path in a JSON tree ({@code choices[].message.content}), to compare shapes, not values. */
  private static TreeSet<String> keys(JsonNode node) {
    TreeSet<String> keys = new TreeSet<>();
    collectKeys(node, "", keys);
    return keys;
  }

  private static void collectKeys(JsonNode node, String prefix, TreeSet<String> keys) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        keys.add(prefix + field.getKey());
        collectKeys(field.getValue(), prefix + field.getKey() + ".", keys);
      }
    } else if (node.isArray()) {
      for (JsonNode item : node) {
        collectKeys(item, prefix.substring(0, Math.max(0, prefix.length() - 1)) + "[].", keys);
      }
    }
  }
}
