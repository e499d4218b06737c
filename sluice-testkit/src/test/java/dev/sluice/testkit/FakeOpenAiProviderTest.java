package dev.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Talks HTTP to the fake as a client would, and holds its answers against the wire fixtures it claims to mimic. */
class FakeOpenAiProviderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HELLO = "Hello! How can I help you today?";
  private static final String WEATHER_TOOL = """
      [{"type":"function","function":{"name":"get_weather","parameters":{"type":"object",
        "properties":{"city":{"type":"string"},"unit":{"type":"string","enum":["celsius","fahrenheit"]},
          "days":{"type":"integer"},"options":{"type":"object","properties":{"hourly":{"type":"boolean"}}}},
        "required":["city"]}}}]""";
  private static final String WEATHER_ARGUMENTS =
      "{\"city\":\"Paris\",\"unit\":\"celsius\",\"days\":1,\"options\":{\"hourly\":true}}";

  private static FakeOpenAiProvider fake;
  // HTTP/1.1: the fake's faults are defined on HTTP/1.1 connections, as the gateway's client uses them.
  private static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() {
    fake = FakeOpenAiProvider.start();
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  @Test
  void unaryText_hasTheFixtureShape_andIsRecorded() throws Exception {
    HttpResponse<String> response = chat("""
        {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello to me"}]}""", fake.apiKey());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode body = JSON.readTree(response.body());
    assertThat(keys(body)).isEqualTo(keys(fixture("chat-completion.json")));
    assertThat(body.at("/choices/0/message/content").asText()).isEqualTo(HELLO);
    assertThat(body.get("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(body.get("id").asText()).startsWith("chatcmpl-");
    assertThat(body.at("/usage/prompt_tokens").asInt()).isEqualTo(3); // 15 characters / 4
    assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(9);
    assertThat(body.at("/usage/total_tokens").asInt()).isEqualTo(12);

    RecordedRequest recorded = fake.lastRequest();
    assertThat(recorded.method()).isEqualTo("POST");
    assertThat(recorded.path()).isEqualTo("/v1/chat/completions");
    assertThat(recorded.headers()).containsEntry("authorization", "Bearer sk-fake-provider-key");
    assertThat(recorded.json().at("/messages/0/content").asText()).isEqualTo("Say hello to me");
  }

  @Test
  void stream_withoutIncludeUsage_hasNoUsageKeyAnywhere_andEndsWithDone() throws Exception {
    HttpResponse<String> response = chat("""
        {"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"hi"}]}""", fake.apiKey());

    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> v.startsWith("text/event-stream"));
    assertThat(response.body()).endsWith("data: [DONE]\n\n").doesNotContain("usage");
    List<JsonNode> chunks = chunks(response.body());
    JsonNode fixtureChunk = fixtureChunks("chat-completion-stream-text.sse").get(0);
    ((com.fasterxml.jackson.databind.node.ObjectNode) fixtureChunk).remove("usage");
    assertThat(keys(chunks.get(0))).isEqualTo(keys(fixtureChunk));
    assertThat(chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
    assertThat(chunks.get(0).at("/choices/0/delta/content").asText()).isEmpty();
    assertThat(content(chunks)).isEqualTo(HELLO);
    JsonNode finish = chunks.get(chunks.size() - 1);
    assertThat(finish.at("/choices/0/delta").isEmpty()).isTrue();
    assertThat(finish.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
  }

  @Test
  void stream_withIncludeUsage_endsWithUsageOnlyChunk() throws Exception {
    HttpResponse<String> response = chat("""
        {"model":"gpt-4o-mini","stream":true,"stream_options":{"include_usage":true},
         "messages":[{"role":"user","content":"hi"}]}""", fake.apiKey());

    List<JsonNode> chunks = chunks(response.body());
    assertThat(chunks).hasSize(12); // role + 9 pieces + finish + usage, as the fixture
    for (JsonNode chunk : chunks.subList(0, chunks.size() - 1)) {
      assertThat(chunk.has("usage")).isTrue();
      assertThat(chunk.get("usage").isNull()).isTrue();
    }
    JsonNode last = chunks.get(chunks.size() - 1);
    assertThat(keys(last)).isEqualTo(keys(fixtureChunks("chat-completion-stream-text.sse").get(11)));
    assertThat(last.get("choices").isEmpty()).isTrue();
    assertThat(last.at("/usage/completion_tokens").asInt()).isEqualTo(9);
    assertThat(last.at("/usage/prompt_tokens").asInt()).isEqualTo(1);
  }

  @Test
  void tools_unary_callTheFirstToolWithSchemaArguments() throws Exception {
    HttpResponse<String> response = chat("""
        {"model":"gpt-4o","tools":%s,"messages":[{"role":"user","content":"Weather?"}]}""".formatted(WEATHER_TOOL),
        fake.apiKey());

    JsonNode body = JSON.readTree(response.body());
    JsonNode fixture = fixture("chat-completion-tool-calls.json");
    assertThat(keys(body)).isEqualTo(keys(fixture));
    assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
    assertThat(body.at("/choices/0/message/content").isNull()).isTrue();
    JsonNode calls = body.at("/choices/0/message/tool_calls");
    assertThat(calls).hasSize(1);
    assertThat(calls.get(0).get("id").asText()).startsWith("call_");
    assertThat(calls.at("/0/function/name").asText()).isEqualTo("get_weather");
    assertThat(JSON.readTree(calls.at("/0/function/arguments").asText())).isEqualTo(JSON.readTree(WEATHER_ARGUMENTS));
  }

  @Test
  void tools_stream_argumentFragmentsReassembleToJson() throws Exception {
    HttpResponse<String> response = chat("""
        {"model":"gpt-4o","stream":true,"tools":%s,"tool_choice":"auto",
         "messages":[{"role":"user","content":"Weather?"}]}""".formatted(WEATHER_TOOL), fake.apiKey());

    List<JsonNode> chunks = chunks(response.body());
    JsonNode first = chunks.get(0).at("/choices/0/delta");
    assertThat(first.get("content").isNull()).isTrue();
    assertThat(first.at("/tool_calls/0/id").asText()).startsWith("call_");
    assertThat(first.at("/tool_calls/0/type").asText()).isEqualTo("function");
    assertThat(first.at("/tool_calls/0/function/name").asText()).isEqualTo("get_weather");
    assertThat(first.at("/tool_calls/0/function/arguments").asText()).isEmpty();
    StringBuilder arguments = new StringBuilder();
    for (JsonNode chunk : chunks.subList(1, chunks.size() - 1)) {
      String fragment = chunk.at("/choices/0/delta/tool_calls/0/function/arguments").asText();
      assertThat(fragment.length()).isLessThanOrEqualTo(9);
      arguments.append(fragment);
    }
    assertThat(JSON.readTree(arguments.toString())).isEqualTo(JSON.readTree(WEATHER_ARGUMENTS));
    assertThat(chunks.get(chunks.size() - 1).at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
  }

  @Test
  void tools_afterToolResult_answerWithItsContent_andToolChoiceNoneGivesText() throws Exception {
    JsonNode afterResult = JSON.readTree(chat("""
        {"model":"gpt-4o","tools":%s,"messages":[{"role":"user","content":"Weather?"},
         {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
           "function":{"name":"get_weather","arguments":"{}"}}]},
         {"role":"tool","tool_call_id":"call_1","content":"22C and sunny"}]}""".formatted(WEATHER_TOOL),
        fake.apiKey()).body());
    JsonNode none = JSON.readTree(chat("""
        {"model":"gpt-4o","tools":%s,"tool_choice":"none","messages":[{"role":"user","content":"Hi"}]}"""
        .formatted(WEATHER_TOOL), fake.apiKey()).body());

    assertThat(afterResult.at("/choices/0/message/content").asText()).isEqualTo("The tool said: 22C and sunny");
    assertThat(afterResult.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    assertThat(none.at("/choices/0/message/content").asText()).isEqualTo(HELLO);
  }

  @Test
  void responseFormat_jsonSchema_andEcho() throws Exception {
    JsonNode structured = JSON.readTree(chat("""
        {"model":"gpt-4o","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_schema",
         "json_schema":{"name":"city","strict":true,"schema":{"type":"object","properties":{
           "name":{"type":"string"},"population":{"type":"number"},"tags":{"type":"array"}}}}}}""",
        fake.apiKey()).body());
    JsonNode echo = JSON.readTree(chat("""
        {"model":"echo","messages":[{"role":"user","content":"first"},{"role":"assistant","content":"ok"},
         {"role":"user","content":[{"type":"text","text":"one "},{"type":"image_url","image_url":{"url":"x"}},
           {"type":"text","text":"two"}]}]}""", fake.apiKey()).body());

    assertThat(JSON.readTree(structured.at("/choices/0/message/content").asText()))
        .isEqualTo(JSON.readTree("{\"name\":\"Paris\",\"population\":1,\"tags\":[]}"));
    assertThat(echo.at("/choices/0/message/content").asText()).isEqualTo("one two");
  }

  @Test
  void embeddings_floatAndBase64_carryTheSameDeterministicVectors() throws Exception {
    String request = """
        {"model":"text-embedding-3-small","input":["alpha","beta"]%s}""";
    JsonNode floats = JSON.readTree(post("/embeddings", request.formatted(""), fake.apiKey()).body());
    JsonNode again = JSON.readTree(post("/embeddings", request.formatted(""), fake.apiKey()).body());
    JsonNode base64 = JSON.readTree(post("/embeddings", request.formatted(",\"encoding_format\":\"base64\""),
        fake.apiKey()).body());
    JsonNode four = JSON.readTree(post("/embeddings", """
        {"model":"text-embedding-3-small","input":"alpha","dimensions":4}""", fake.apiKey()).body());

    assertThat(keys(floats)).isEqualTo(keys(fixture("embeddings.json")));
    assertThat(keys(base64)).isEqualTo(keys(fixture("embeddings-base64.json")));
    assertThat(floats.get("data")).hasSize(2);
    assertThat(floats.at("/data/1/index").asInt()).isEqualTo(1);
    assertThat(floats.at("/data/0/embedding")).hasSize(8);
    assertThat(floats).isEqualTo(again);
    assertThat(floats.at("/data/0/embedding")).isNotEqualTo(floats.at("/data/1/embedding"));
    assertThat(four.at("/data/0/embedding")).hasSize(4);
    for (int i = 0; i < 2; i++) {
      float[] decoded = decodeFloats(base64.at("/data/" + i + "/embedding").asText());
      JsonNode expected = floats.at("/data/" + i + "/embedding");
      assertThat(decoded).hasSize(expected.size());
      for (int d = 0; d < decoded.length; d++) {
        assertThat(decoded[d]).isEqualTo((float) expected.get(d).asDouble());
      }
    }
  }

  @Test
  void auth_wrongKeyGetsTheFixture401_missingKeyToo() throws Exception {
    HttpResponse<String> wrong = chat("{\"model\":\"gpt-4o\"}", "sk-wrong-key-1234567");
    HttpResponse<String> missing = chat("{\"model\":\"gpt-4o\"}", null);

    assertThat(wrong.statusCode()).isEqualTo(401);
    JsonNode body = JSON.readTree(wrong.body());
    assertThat(keys(body)).isEqualTo(keys(fixture("error-401-invalid-key.json")));
    assertThat(body.at("/error/code").asText()).isEqualTo("invalid_api_key");
    assertThat(body.at("/error/message").asText()).contains("sk-wro***567").doesNotContain("sk-wrong-key");
    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(missing.body()).at("/error/message").asText()).startsWith("You didn't provide an API key");
  }

  @Test
  void error429_hasRetryAfterHeaders_andOtherStatusesTheirBodies() throws Exception {
    HttpResponse<String> limited = chat("{\"model\":\"error-429\",\"messages\":[]}", fake.apiKey());
    HttpResponse<String> missing = chat("{\"model\":\"error-404\",\"messages\":[]}", fake.apiKey());
    HttpResponse<String> down = chat("{\"model\":\"error-503\",\"messages\":[]}", fake.apiKey());

    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("retry-after")).hasValue("1");
    assertThat(limited.headers().firstValue("retry-after-ms")).hasValue("1000");
    assertThat(JSON.readTree(limited.body()).at("/error/code").asText()).isEqualTo("rate_limit_exceeded");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(missing.body()).at("/error/message").asText()).contains("`error-404`");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(down.body()).at("/error/type").asText()).isEqualTo("server_error");
  }

  @Test
  void badRequests_get400_unknownPath404_modelsList() throws Exception {
    assertThat(chat("{not json", fake.apiKey()).statusCode()).isEqualTo(400);
    assertThat(chat("{\"messages\":[]}", fake.apiKey()).statusCode()).isEqualTo(400);
    HttpResponse<String> unknown = post("/nope", "{}", fake.apiKey());
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(unknown.body()).at("/error/message").asText()).isEqualTo("Invalid URL (POST /v1/nope)");

    HttpResponse<String> models = client.send(authorized(HttpRequest.newBuilder(uri("/models")), fake.apiKey()).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode list = JSON.readTree(models.body());
    assertThat(list.get("object").asText()).isEqualTo("list");
    assertThat(list.findValuesAsText("id")).containsExactly("gpt-4o-mini", "gpt-4o", "text-embedding-3-small");
    assertThat(list.at("/data/0/owned_by").asText()).isEqualTo("sluice-fake");
  }

  @Test
  void slow200_takesAtLeast200ms() throws Exception {
    long started = System.nanoTime();
    HttpResponse<String> response = chat("{\"model\":\"slow-200\",\"messages\":[]}", fake.apiKey());
    long millis = (System.nanoTime() - started) / 1_000_000;

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(millis).isGreaterThanOrEqualTo(200);
  }

  @Test
  void chunks5_streamsFiveNumberedPieces_gapSpacesThem() throws Exception {
    long started = System.nanoTime();
    HttpResponse<String> response = chat("""
        {"model":"demo/chunks-5-gap-40","stream":true,"messages":[]}""", fake.apiKey());
    long millis = (System.nanoTime() - started) / 1_000_000;

    List<JsonNode> chunks = chunks(response.body());
    List<String> pieces = new ArrayList<>();
    for (JsonNode chunk : chunks.subList(1, chunks.size() - 1)) {
      pieces.add(chunk.at("/choices/0/delta/content").asText());
    }
    assertThat(pieces).containsExactly("tok0 ", "tok1 ", "tok2 ", "tok3 ", "tok4 ");
    assertThat(millis).isGreaterThanOrEqualTo(7 * 40); // 7 gaps: between 7 chunks and [DONE]
  }

  @Test
  void truncate_stream_endsWithoutDone() throws Exception {
    String received = rawStream("truncate", /* stopAfterEvents= */ Integer.MAX_VALUE);

    assertThat(received).contains("200 OK");
    assertThat(received.split("data: ", -1)).hasSize(3); // exactly two events
    assertThat(received).doesNotContain("[DONE]").doesNotEndWith("0\r\n\r\n");
  }

  @Test
  void truncate_unary_sendsLessThanContentLength() throws Exception {
    assertThatThrownBy(() -> chat("{\"model\":\"truncate\",\"messages\":[]}", fake.apiKey()))
        .isInstanceOf(IOException.class);
  }

  @Test
  void malformedSse_secondEventIsNotJson_wrongContentTypeIsHtml() throws Exception {
    String stream = chat("{\"model\":\"malformed-sse\",\"stream\":true,\"messages\":[]}", fake.apiKey()).body();
    HttpResponse<String> html = chat("{\"model\":\"wrong-content-type\",\"messages\":[]}", fake.apiKey());

    String second = stream.split("\n\n")[1].substring("data: ".length());
    assertThatThrownBy(() -> JSON.readTree(second)).isInstanceOf(IOException.class);
    assertThat(stream).endsWith("data: [DONE]\n\n");
    assertThat(html.statusCode()).isEqualTo(200);
    assertThat(html.headers().firstValue("content-type")).hasValueSatisfying(v -> v.startsWith("text/html"));
    assertThat(html.body()).isEqualTo("<html>oops</html>");
  }

  @Test
  void stall_neverAnswers() {
    HttpRequest request = authorized(HttpRequest.newBuilder(uri("/chat/completions")), fake.apiKey())
        .timeout(Duration.ofMillis(300))
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"stall\",\"messages\":[]}"))
        .build();

    assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(HttpTimeoutException.class);
  }

  @Test
  void stallMidstream_clientHangingUp_countsAsCancelled() throws Exception {
    int cancelledBefore = fake.cancelledStreams();

    String received = rawStream("stall-midstream", /* stopAfterEvents= */ 2);

    assertThat(received.split("data: ", -1)).hasSize(3);
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(2))
        .until(() -> fake.cancelledStreams() == cancelledBefore + 1);
    assertThat(fake.openStreams()).isZero();
  }

  @Test
  void ownVertx_port_andAnyKeyWhenNotRequired() throws Exception {
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    try (FakeOpenAiProvider open = FakeOpenAiProvider.start(vertx, 0).requireApiKey(null)) {
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(open.baseUrl() + "/chat/completions"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"x\",\"messages\":[]}")).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(open.baseUrl()).isEqualTo("http://127.0.0.1:" + open.port() + "/v1");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(open.requests()).hasSize(1);
      open.clearRequests();
      assertThat(open.lastRequest()).isNull();
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void close_dropsAStalledStream_promptly() throws Exception {
    FakeOpenAiProvider own = FakeOpenAiProvider.start();
    try (Socket socket = openStream(own, "stall-midstream")) {
      InputStream in = socket.getInputStream();
      in.read(new byte[8192]); // headers (and maybe events) are out, the stream now stalls
      long started = System.nanoTime();

      own.close();

      assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2_000);
      assertThat(in.readAllBytes()).asString(StandardCharsets.UTF_8).doesNotContain("[DONE]"); // EOF, no hang
      assertThat(own.openStreams()).isZero();
    }
  }

  // --- faults for routing tests ---

  private static final String IN_BAND_ERROR = "data: {\"error\":{\"message\":\"The server had an error while processing"
      + " your request.\",\"type\":\"server_error\",\"param\":null,\"code\":null}}\n\n";

  @Test
  void inbandError_stream_is200WithOnlyAnErrorEvent_unaryIs500() throws Exception {
    HttpResponse<String> stream = chat("""
        {"model":"demo/inband-error","stream":true,"messages":[]}""", fake.apiKey());
    HttpResponse<String> unary = chat("{\"model\":\"inband-error\",\"messages\":[]}", fake.apiKey());

    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(stream.headers().firstValue("content-type")).hasValueSatisfying(v -> v.startsWith("text/event-stream"));
    assertThat(stream.body()).isEqualTo(IN_BAND_ERROR); // first event, no chunk before it, no [DONE] after it
    assertThat(unary.statusCode()).isEqualTo(500);
    assertThat(JSON.readTree(unary.body()).at("/error/type").asText()).isEqualTo("server_error");
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> fake.openStreams() == 0);
  }

  @Test
  void emptyStream_streamIsOnlyDone_unaryHasNoChoices() throws Exception {
    HttpResponse<String> stream = chat("""
        {"model":"empty-stream","stream":true,"stream_options":{"include_usage":true},"messages":[]}""",
        fake.apiKey());
    HttpResponse<String> unary = chat("""
        {"model":"empty-stream","messages":[{"role":"user","content":"hi"}]}""", fake.apiKey());

    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(stream.body()).isEqualTo("data: [DONE]\n\n");
    assertThat(unary.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(unary.body());
    assertThat(body.get("object").asText()).isEqualTo("chat.completion");
    assertThat(body.get("choices").isArray()).isTrue();
    assertThat(body.get("choices")).isEmpty();
    assertThat(body.at("/usage/completion_tokens").asInt()).isZero();
  }

  @Test
  void flaky_failsTheFirstNRequestsOfThatExactName_thenAnswersWithTheOtherKnobs() throws Exception {
    String model = "flaky-2-chunks-3";
    String request = "{\"model\":\"" + model + "\",\"stream\":true,\"messages\":[]}";

    HttpResponse<String> first = chat(request, fake.apiKey());
    HttpResponse<String> second = chat(request, fake.apiKey());
    HttpResponse<String> third = chat(request, fake.apiKey());
    HttpResponse<String> other = chat("{\"model\":\"demo/" + model + "\",\"messages\":[]}", fake.apiKey());

    assertThat(first.statusCode()).isEqualTo(500);
    assertThat(JSON.readTree(first.body()).at("/error/type").asText()).isEqualTo("server_error");
    assertThat(second.statusCode()).isEqualTo(500);
    assertThat(third.statusCode()).isEqualTo(200);
    assertThat(content(chunks(third.body()))).isEqualTo("tok0 tok1 tok2 ");
    assertThat(other.statusCode()).isEqualTo(500); // another name counts on its own
    assertThat(fake.requestCount(model)).isEqualTo(3);
    assertThat(fake.requestCount("demo/" + model)).isEqualTo(1);
    assertThat(fake.requestCount("never-requested")).isZero();
  }

  @Test
  void flaky429_withRetryAfter_announcesTheShortWait_thenAnswers() throws Exception {
    String request = "{\"model\":\"flaky429-1-retry-after-300\",\"messages\":[]}";

    HttpResponse<String> limited = chat(request, fake.apiKey());
    HttpResponse<String> then = chat(request, fake.apiKey());
    HttpResponse<String> rounded = chat("{\"model\":\"error-429-retry-after-1500\",\"messages\":[]}", fake.apiKey());

    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("retry-after")).hasValue("1"); // ceil(300 / 1000)
    assertThat(limited.headers().firstValue("retry-after-ms")).hasValue("300");
    assertThat(JSON.readTree(limited.body()).at("/error/code").asText()).isEqualTo("rate_limit_exceeded");
    assertThat(then.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(then.body()).at("/choices/0/message/content").asText()).isEqualTo(HELLO);
    assertThat(rounded.statusCode()).isEqualTo(429);
    assertThat(rounded.headers().firstValue("retry-after")).hasValue("2");
    assertThat(rounded.headers().firstValue("retry-after-ms")).hasValue("1500");
  }

  @Test
  void flaky_countsConcurrentRequestsExactly() throws Exception {
    String model = "flaky-5-concurrent";
    List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      responses.add(client.sendAsync(authorized(HttpRequest.newBuilder(uri("/chat/completions")), fake.apiKey())
          .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"messages\":[]}")).build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    int failed = 0;
    for (java.util.concurrent.CompletableFuture<HttpResponse<String>> response : responses) {
      int status = response.get(5, java.util.concurrent.TimeUnit.SECONDS).statusCode();
      assertThat(status).isIn(200, 500);
      failed += status == 500 ? 1 : 0;
    }

    assertThat(failed).isEqualTo(5);
    assertThat(fake.requestCount(model)).isEqualTo(20);
  }

  @Test
  void contextLength_is400WithUpstreamsBody() throws Exception {
    HttpResponse<String> response = chat("{\"model\":\"gpt-4o-context-length\",\"stream\":true,\"messages\":[]}",
        fake.apiKey());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree("""
        {"error":{"message":"This model's maximum context length is 8192 tokens. However, your messages resulted in \
        9000 tokens. Please reduce the length of the messages.","type":"invalid_request_error","param":"messages",\
        "code":"context_length_exceeded"}}"""));
  }

  @Test
  void midstreamError_sendsKContentChunksThenTheErrorEvent_noDone() throws Exception {
    HttpResponse<String> stream = chat("""
        {"model":"chunks-5-midstream-error-3","stream":true,"messages":[]}""", fake.apiKey());
    HttpResponse<String> unary = chat("{\"model\":\"chunks-5-midstream-error-3\",\"messages\":[]}", fake.apiKey());

    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(stream.body()).endsWith(IN_BAND_ERROR).doesNotContain("[DONE]");
    String before = stream.body().substring(0, stream.body().length() - IN_BAND_ERROR.length());
    List<JsonNode> chunks = chunks(before);
    assertThat(chunks).hasSize(4); // the role chunk and 3 content chunks; no finish chunk
    assertThat(chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
    assertThat(content(chunks)).isEqualTo("tok0 tok1 tok2 ");
    assertThat(unary.statusCode()).isEqualTo(500);
  }

  @Test
  void dieAfter_sendsKContentChunksThenResets() throws Exception {
    String received = rawStream("chunks-5-die-after-3", /* stopAfterEvents= */ Integer.MAX_VALUE);

    assertThat(received).contains("200 OK");
    assertThat(received.split("data: ", -1)).hasSize(5); // role chunk + 3 content chunks
    assertThat(received).contains("tok2 ").doesNotContain("tok3 ").doesNotContain("[DONE]")
        .doesNotEndWith("0\r\n\r\n");
    assertThatThrownBy(() -> chat("{\"model\":\"die-after-3\",\"messages\":[]}", fake.apiKey()))
        .isInstanceOf(IOException.class);
  }

  @Test
  void failNext_failsAnyModelInQueueOrder_evenBeforeStall_andResetFaultsForgets() throws Exception {
    try (FakeOpenAiProvider own = FakeOpenAiProvider.start()) {
      own.failNext(2, 503).failNext(1, 429);
      HttpResponse<String> first = post(own, "{\"model\":\"gpt-4o\",\"messages\":[]}");
      HttpResponse<String> second = post(own, "{\"model\":\"stall\",\"messages\":[]}");
      HttpResponse<String> third = post(own, "{\"model\":\"retry-after-200\",\"messages\":[]}");
      HttpResponse<String> fourth = post(own, "{\"model\":\"gpt-4o\",\"messages\":[]}");

      assertThat(first.statusCode()).isEqualTo(503);
      assertThat(JSON.readTree(first.body()).at("/error/type").asText()).isEqualTo("server_error");
      assertThat(second.statusCode()).isEqualTo(503);
      assertThat(third.statusCode()).isEqualTo(429);
      assertThat(third.headers().firstValue("retry-after")).hasValue("1");
      assertThat(third.headers().firstValue("retry-after-ms")).hasValue("200");
      assertThat(fourth.statusCode()).isEqualTo(200);
      assertThat(own.requestCount("gpt-4o")).isEqualTo(2);
      assertThat(own.requestCount("stall")).isEqualTo(1);

      post(own, "{\"model\":\"flaky-1\",\"messages\":[]}");
      own.failNext(5, 500);
      own.resetFaults();

      assertThat(own.requestCount("gpt-4o")).isZero();
      assertThat(post(own, "{\"model\":\"gpt-4o\",\"messages\":[]}").statusCode()).isEqualTo(200);
      assertThat(post(own, "{\"model\":\"flaky-1\",\"messages\":[]}").statusCode()).isEqualTo(500); // again
      assertThat(own.requests()).hasSize(7); // the request log is not a fault
      assertThatThrownBy(() -> own.failNext(1, 200)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> own.failNext(-1, 500)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  // --- helpers ---

  private static HttpResponse<String> chat(String body, String key) throws IOException, InterruptedException {
    return post("/chat/completions", body, key);
  }

  private static HttpResponse<String> post(String path, String body, String key)
      throws IOException, InterruptedException {
    HttpRequest request = authorized(HttpRequest.newBuilder(uri(path)), key)
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(FakeOpenAiProvider provider, String chatBody)
      throws IOException, InterruptedException {
    HttpRequest request = authorized(HttpRequest.newBuilder(URI.create(provider.baseUrl() + "/chat/completions")),
        provider.apiKey())
        .timeout(Duration.ofSeconds(5))
        .POST(HttpRequest.BodyPublishers.ofString(chatBody))
        .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder authorized(HttpRequest.Builder builder, String key) {
    return key == null ? builder : builder.header("authorization", "Bearer " + key);
  }

  private static URI uri(String path) {
    return URI.create(fake.baseUrl() + path);
  }

  /**
   * A streamed request over a raw socket, read until the server closes or {@code stopAfterEvents} events arrived,
   * then hung up: java.net.http gives no control over when its connection closes.
   */
  private static String rawStream(String model, int stopAfterEvents) throws IOException {
    try (Socket socket = openStream(fake, model)) {
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) != -1) {
        received.write(buffer, 0, n);
        if (received.toString(StandardCharsets.UTF_8).split("data: ", -1).length > stopAfterEvents) {
          break;
        }
      }
      return received.toString(StandardCharsets.UTF_8);
    }
  }

  private static Socket openStream(FakeOpenAiProvider provider, String model) throws IOException {
    String body = "{\"model\":\"" + model + "\",\"stream\":true,\"messages\":[]}";
    Socket socket = new Socket("127.0.0.1", provider.port());
    socket.setSoTimeout(5_000);
    OutputStream out = socket.getOutputStream();
    out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + provider.apiKey()
        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
        .getBytes(StandardCharsets.UTF_8));
    out.flush();
    return socket;
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

  private static String content(List<JsonNode> chunks) {
    StringBuilder text = new StringBuilder();
    for (JsonNode chunk : chunks) {
      text.append(chunk.at("/choices/0/delta/content").asText(""));
    }
    return text.toString();
  }

  private static JsonNode fixture(String name) throws IOException {
    try (InputStream in = FakeOpenAiProviderTest.class.getResourceAsStream("/wire/openai/" + name)) {
      return JSON.readTree(in);
    }
  }

  private static List<JsonNode> fixtureChunks(String name) throws IOException {
    try (InputStream in = FakeOpenAiProviderTest.class.getResourceAsStream("/wire/openai/" + name)) {
      return chunks(new String(in.readAllBytes(), StandardCharsets.UTF_8));
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

  private static float[] decodeFloats(String base64) {
    ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
    float[] floats = new float[bytes.remaining() / Float.BYTES];
    for (int i = 0; i < floats.length; i++) {
      floats[i] = bytes.getFloat();
    }
    return floats;
  }
}
