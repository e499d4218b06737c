package dev.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Talks HTTP to the Gemini fake as a client would, and holds its answers against the wire fixtures. */
class FakeGeminiProviderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HELLO = "Hello! How can I help you today?";
  private static final String HI = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Say hello to me\"}]}]}";
  private static final String WEATHER_TOOL = """
      [{"functionDeclarations":[{"name":"get_weather","description":"Weather","parametersJsonSchema":{
        "type":"object","properties":{"city":{"type":"string"},"unit":{"type":"string","enum":["celsius","fahrenheit"]},
        "days":{"type":"integer"}},"required":["city"]}},{"name":"get_time","parameters":{"type":"OBJECT",
        "properties":{"zone":{"type":"STRING"},"exact":{"type":"BOOLEAN"}}}}]}]""";
  private static final String SIGNATURE = "CiQB...opaque-base64...";

  private static FakeGeminiProvider fake;
  private static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() {
    fake = FakeGeminiProvider.start();
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  @Test
  void unaryText_hasTheFixtureShape_andIsRecorded() throws Exception {
    HttpResponse<String> response = generate("gemini-2.5-flash", HI);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> v.startsWith("application/json"));
    JsonNode body = JSON.readTree(response.body());
    ObjectNode fixture = fixture("generateContent-text.json");
    ((ObjectNode) fixture.get("usageMetadata")).remove("thoughtsTokenCount"); // no thinking asked for
    assertThat(keys(body)).isEqualTo(keys(fixture));
    assertThat(body.at("/candidates/0/content/parts/0/text").asText()).isEqualTo(HELLO);
    assertThat(body.at("/candidates/0/content/role").asText()).isEqualTo("model");
    assertThat(body.at("/candidates/0/finishReason").asText()).isEqualTo("STOP");
    assertThat(body.get("modelVersion").asText()).isEqualTo("gemini-2.5-flash");
    assertThat(body.get("responseId").asText()).hasSize(23);
    assertThat(body.at("/usageMetadata/promptTokenCount").asInt()).isEqualTo(3); // 15 characters / 4
    assertThat(body.at("/usageMetadata/candidatesTokenCount").asInt()).isEqualTo(9);
    assertThat(body.at("/usageMetadata/totalTokenCount").asInt()).isEqualTo(12);

    RecordedRequest recorded = fake.lastRequest();
    assertThat(recorded.method()).isEqualTo("POST");
    assertThat(recorded.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
    assertThat(recorded.header("x-goog-api-key")).isEqualTo(FakeGeminiProvider.DEFAULT_API_KEY);
    assertThat(recorded.json().at("/contents/0/parts/0/text").asText()).isEqualTo("Say hello to me");
  }

  @Test
  void sseStream_crlfDataOnlyEvents_cumulativeUsage_finishOnLast_noDone() throws Exception {
    HttpResponse<String> response = stream("gemini-2.5-flash", HI);

    assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
    assertThat(response.body()).startsWith("data: {").endsWith("}\r\n\r\n").doesNotContain("[DONE]")
        .doesNotContain("\n\ndata").doesNotContain("event:");
    List<JsonNode> chunks = events(response.body());
    assertThat(chunks).hasSize(10); // 9 pieces and the empty last chunk, as the fixture ends
    assertThat(keys(chunks.get(0))).isEqualTo(keys(fixtureEvent("streamGenerateContent-text.sse", 0, true)));
    assertThat(keys(chunks.get(9))).isEqualTo(keys(fixtureEvent("streamGenerateContent-text.sse", 2, true)));
    assertThat(text(chunks)).isEqualTo(HELLO);
    for (int i = 0; i < chunks.size(); i++) {
      assertThat(chunks.get(i).at("/usageMetadata/candidatesTokenCount").asInt()).isEqualTo(Math.min(i + 1, 9));
      assertThat(chunks.get(i).at("/usageMetadata/promptTokenCount").asInt()).isEqualTo(3);
      assertThat(chunks.get(i).at("/candidates/0/finishReason").isMissingNode()).isEqualTo(i < 9);
    }
    assertThat(chunks.get(9).at("/candidates/0/content/parts/0/text").asText()).isEmpty();
    assertThat(chunks.get(9).at("/candidates/0/finishReason").asText()).isEqualTo("STOP");
    assertThat(chunks.get(9).at("/usageMetadata/totalTokenCount").asInt()).isEqualTo(12);
  }

  @Test
  void streamWithoutAltSse_isOneJsonArrayOfTheSameChunks() throws Exception {
    HttpResponse<String> response = post("/v1beta/models/gemini-2.5-flash:streamGenerateContent", HI, fake.apiKey());

    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> v.startsWith("application/json"));
    JsonNode array = JSON.readTree(response.body());
    assertThat(array.isArray()).isTrue();
    List<JsonNode> chunks = new ArrayList<>();
    array.forEach(chunks::add);
    assertThat(text(chunks)).isEqualTo(HELLO);
    assertThat(chunks.getLast().at("/candidates/0/finishReason").asText()).isEqualTo("STOP");
  }

  @Test
  void tools_unaryCallsTheFirstFunctionWholeWithASignature() throws Exception {
    JsonNode body = JSON.readTree(generate("gemini-2.5-flash", """
        {"contents":[{"role":"user","parts":[{"text":"Weather?"}]}],"tools":%s}""".formatted(WEATHER_TOOL)).body());

    ObjectNode fixture = fixture("generateContent-functionCall.json");
    ((ObjectNode) fixture.get("usageMetadata")).remove("thoughtsTokenCount");
    assertThat(callShape(body)).isEqualTo(callShape(fixture));
    JsonNode parts = body.at("/candidates/0/content/parts");
    assertThat(parts).hasSize(1);
    assertThat(parts.at("/0/functionCall/name").asText()).isEqualTo("get_weather");
    assertThat(parts.at("/0/functionCall/args"))
        .isEqualTo(JSON.readTree("{\"city\":\"Paris\",\"unit\":\"celsius\",\"days\":1}"));
    assertThat(parts.at("/0/thoughtSignature").asText()).isEqualTo(SIGNATURE);
    assertThat(body.at("/candidates/0/finishReason").asText()).isEqualTo("STOP"); // Gemini's, even for calls
  }

  @Test
  void tools_streamHasTheWholeCallInOneChunk_allowedNameAndOpenApiParameters() throws Exception {
    List<JsonNode> chunks = events(stream("gemini-2.5-flash", """
        {"contents":[{"role":"user","parts":[{"text":"Time?"}]}],"tools":%s,
         "toolConfig":{"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["get_time"]}}}"""
        .formatted(WEATHER_TOOL)).body());

    assertThat(chunks).hasSize(1);
    JsonNode part = chunks.get(0).at("/candidates/0/content/parts/0");
    assertThat(callShape(chunks.get(0)))
        .isEqualTo(callShape(withFinish(fixtureEvent("streamGenerateContent-functionCall.sse", 0, true))));
    assertThat(part.at("/functionCall/name").asText()).isEqualTo("get_time");
    assertThat(part.at("/functionCall/args")).isEqualTo(JSON.readTree("{\"zone\":\"Paris\",\"exact\":true}"));
    assertThat(part.get("thoughtSignature").asText()).isEqualTo(SIGNATURE);
    assertThat(chunks.get(0).at("/candidates/0/finishReason").asText()).isEqualTo("STOP");
  }

  @Test
  void afterAFunctionResponse_answersWithIt_andModeNoneGivesText() throws Exception {
    JsonNode after = JSON.readTree(generate("gemini-2.5-flash", """
        {"contents":[{"role":"user","parts":[{"text":"Weather?"}]},
          {"role":"model","parts":[{"functionCall":{"name":"get_weather","args":{"city":"Paris"}},"thoughtSignature":"x"}]},
          {"role":"user","parts":[{"functionResponse":{"name":"get_weather","response":{"result":"22C and sunny"}}}]}],
         "tools":%s}""".formatted(WEATHER_TOOL)).body());
    JsonNode none = JSON.readTree(generate("gemini-2.5-flash", """
        {"contents":[{"role":"user","parts":[{"text":"Hi"}]}],"tools":%s,
         "toolConfig":{"functionCallingConfig":{"mode":"NONE"}}}""".formatted(WEATHER_TOOL)).body());

    assertThat(after.at("/candidates/0/content/parts/0/text").asText()).isEqualTo("The tool said: 22C and sunny");
    assertThat(none.at("/candidates/0/content/parts/0/text").asText()).isEqualTo(HELLO);
  }

  @Test
  void includeThoughts_putsAThoughtPartFirst_andCountsThoughtsTokens() throws Exception {
    String request = """
        {"contents":[{"role":"user","parts":[{"text":"Say hello to me"}]}],
         "generationConfig":{"thinkingConfig":{"thinkingBudget":1024,"includeThoughts":true}}}""";
    JsonNode unary = JSON.readTree(generate("gemini-2.5-flash", request).body());
    List<JsonNode> chunks = events(stream("gemini-2.5-flash", request).body());
    JsonNode hidden = JSON.readTree(generate("gemini-2.5-flash", """
        {"contents":[{"role":"user","parts":[{"text":"x"}]}],"generationConfig":{"thinkingConfig":{"thinkingBudget":512}}}""")
        .body());

    assertThat(keys(unary)).isEqualTo(keys(unaryWithThought()));
    assertThat(unary.at("/candidates/0/content/parts/0/thought").asBoolean()).isTrue();
    assertThat(unary.at("/candidates/0/content/parts/0/text").asText()).startsWith("**");
    assertThat(unary.at("/candidates/0/content/parts/1/text").asText()).isEqualTo(HELLO);
    int thoughts = unary.at("/usageMetadata/thoughtsTokenCount").asInt();
    assertThat(thoughts).isPositive();
    assertThat(unary.at("/usageMetadata/totalTokenCount").asInt()).isEqualTo(3 + 9 + thoughts);

    assertThat(chunks).hasSize(11);
    assertThat(chunks.get(0).at("/candidates/0/content/parts/0/thought").asBoolean()).isTrue();
    assertThat(chunks.get(0).at("/usageMetadata/thoughtsTokenCount").asInt()).isEqualTo(thoughts);
    assertThat(chunks.get(0).at("/usageMetadata/candidatesTokenCount").asInt()).isZero();
    assertThat(text(chunks.subList(1, chunks.size()))).isEqualTo(HELLO);

    assertThat(hidden.at("/candidates/0/content/parts")).hasSize(1);
    assertThat(hidden.at("/usageMetadata/thoughtsTokenCount").asInt()).isEqualTo(31);
  }

  @Test
  void jsonSchemaOutput_andEcho() throws Exception {
    JsonNode structured = JSON.readTree(generate("gemini-2.5-flash", """
        {"contents":[{"role":"user","parts":[{"text":"x"}]}],"generationConfig":{"responseMimeType":"application/json",
          "responseJsonSchema":{"type":"object","properties":{"name":{"type":"string"},"n":{"type":"number"}}}}}""")
        .body());
    JsonNode echo = JSON.readTree(generate("echo", """
        {"contents":[{"role":"user","parts":[{"text":"first"}]},{"role":"model","parts":[{"text":"ok"}]},
          {"role":"user","parts":[{"text":"one "},{"inlineData":{"mimeType":"image/png","data":"AA=="}},{"text":"two"}]}]}""")
        .body());

    assertThat(JSON.readTree(structured.at("/candidates/0/content/parts/0/text").asText()))
        .isEqualTo(JSON.readTree("{\"name\":\"Paris\",\"n\":1}"));
    assertThat(echo.at("/candidates/0/content/parts/0/text").asText()).isEqualTo("one two");
  }

  @Test
  void batchEmbedContents_deterministicVectors_andTheModelMustMatch() throws Exception {
    String request = """
        {"requests":[{"model":"models/gemini-embedding-001","content":{"parts":[{"text":"alpha"}]}},
          {"model":"models/gemini-embedding-001","content":{"parts":[{"text":"beta"}]},"outputDimensionality":4}]}""";
    JsonNode first = JSON.readTree(post("/v1beta/models/gemini-embedding-001:batchEmbedContents", request, fake.apiKey()).body());
    JsonNode again = JSON.readTree(post("/v1beta/models/gemini-embedding-001:batchEmbedContents", request, fake.apiKey()).body());
    HttpResponse<String> mismatch = post("/v1beta/models/other:batchEmbedContents", request, fake.apiKey());

    assertThat(first.get("embeddings")).hasSize(2);
    assertThat(first.at("/embeddings/0/values")).hasSize(8);
    assertThat(first.at("/embeddings/1/values")).hasSize(4);
    assertThat(first).isEqualTo(again);
    double norm = 0;
    for (JsonNode v : first.at("/embeddings/0/values")) {
      norm += v.asDouble() * v.asDouble();
    }
    assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    assertThat(mismatch.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(mismatch.body()).at("/error/status").asText()).isEqualTo("INVALID_ARGUMENT");
  }

  @Test
  void countTokens_andModels() throws Exception {
    JsonNode count = JSON.readTree(post("/v1beta/models/gemini-2.5-flash:countTokens", HI, fake.apiKey()).body());
    JsonNode wrapped = JSON.readTree(post("/v1beta/models/gemini-2.5-flash:countTokens",
        "{\"generateContentRequest\":{\"model\":\"models/gemini-2.5-flash\"," + HI.substring(1) + "}",
        fake.apiKey()).body());
    JsonNode models = JSON.readTree(get("/v1beta/models", fake.apiKey()).body());
    JsonNode one = JSON.readTree(get("/v1beta/models/gemini-2.5-pro", fake.apiKey()).body());

    assertThat(count.get("totalTokens").asInt()).isEqualTo(3);
    assertThat(wrapped.get("totalTokens").asInt()).isEqualTo(3);
    assertThat(models.get("models").findValuesAsText("name"))
        .containsExactly("models/gemini-2.5-flash", "models/gemini-2.5-pro", "models/gemini-embedding-001");
    assertThat(models.at("/models/0/supportedGenerationMethods").toString()).contains("generateContent");
    assertThat(one.get("name").asText()).isEqualTo("models/gemini-2.5-pro");
  }

  @Test
  void auth_wrongKeyIsTheFixture400_missingKeyIs403_keyQueryParameterWorks() throws Exception {
    HttpResponse<String> wrong = post("/v1beta/models/gemini-2.5-flash:generateContent", HI, "not-the-key");
    HttpResponse<String> missing = post("/v1beta/models/gemini-2.5-flash:generateContent", HI, null);
    HttpResponse<String> query = post("/v1beta/models/gemini-2.5-flash:generateContent?key=" + fake.apiKey(), HI, null);

    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(wrong.body())).isEqualTo(fixture("error-400.json"));
    assertThat(missing.statusCode()).isEqualTo(403);
    JsonNode denied = JSON.readTree(missing.body());
    assertThat(denied.at("/error/status").asText()).isEqualTo("PERMISSION_DENIED");
    assertThat(denied.at("/error/code").asInt()).isEqualTo(403);
    assertThat(denied.at("/error/message").asText()).startsWith("Method doesn't allow unregistered callers");
    assertThat(query.statusCode()).isEqualTo(200);
  }

  @Test
  void errorKnobs_haveGooglesStatusesAndBodies() throws Exception {
    HttpResponse<String> limited = generate("error-429-retry-after-1500", HI);
    HttpResponse<String> internal = generate("error-500", HI);
    HttpResponse<String> overloaded = stream("error-503", HI);
    HttpResponse<String> missing = generate("error-404", HI);
    HttpResponse<String> context = stream("gemini-2.5-flash-context-length", HI);

    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("retry-after")).hasValue("2");
    JsonNode limitedBody = JSON.readTree(limited.body());
    assertThat(limitedBody.at("/error/status").asText()).isEqualTo("RESOURCE_EXHAUSTED");
    assertThat(limitedBody.at("/error/details/0/@type").asText()).isEqualTo("type.googleapis.com/google.rpc.RetryInfo");
    assertThat(limitedBody.at("/error/details/0/retryDelay").asText()).isEqualTo("1.500s");
    assertThat(status(internal)).isEqualTo("500 INTERNAL");
    assertThat(status(overloaded)).isEqualTo("503 UNAVAILABLE");
    assertThat(JSON.readTree(overloaded.body()).at("/error/message").asText())
        .isEqualTo("The model is overloaded. Please try again later.");
    assertThat(status(missing)).isEqualTo("404 NOT_FOUND");
    assertThat(JSON.readTree(missing.body()).at("/error/message").asText())
        .startsWith("models/error-404 is not found for API version v1beta, or is not supported for generateContent.");
    assertThat(JSON.readTree(context.body())).isEqualTo(JSON.readTree("""
        {"error":{"code":400,"message":"The input token count (1200293) exceeds the maximum number of tokens allowed \
        (1048576).","status":"INVALID_ARGUMENT"}}"""));
  }

  @Test
  void badRequests_andUnknownPaths() throws Exception {
    assertThat(status(post("/v1beta/models/gemini-2.5-flash:generateContent", "{nope", fake.apiKey())))
        .isEqualTo("400 INVALID_ARGUMENT");
    assertThat(status(post("/v1beta/models/gemini-2.5-flash:generateContent", "{}", fake.apiKey())))
        .isEqualTo("400 INVALID_ARGUMENT");
    assertThat(status(post("/v1beta/models/gemini-2.5-flash:predict", HI, fake.apiKey()))).isEqualTo("404 NOT_FOUND");
    assertThat(status(post("/v1/chat/completions", HI, fake.apiKey()))).isEqualTo("404 NOT_FOUND");
  }

  @Test
  void inbandError_streamIs200WithOnlyGooglesErrorEvent_unaryIs500() throws Exception {
    HttpResponse<String> stream = stream("demo/inband-error", HI);
    HttpResponse<String> unary = generate("inband-error", HI);

    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(stream.body()).isEqualTo(IN_BAND_ERROR);
    assertThat(status(unary)).isEqualTo("500 INTERNAL");
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> fake.openStreams() == 0);
  }

  private static final String IN_BAND_ERROR = "data: {\"error\":{\"code\":500,\"message\":\"An internal error has"
      + " occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting\","
      + "\"status\":\"INTERNAL\"}}\r\n\r\n";

  @Test
  void midstreamError_kContentChunksThenTheErrorEvent() throws Exception {
    HttpResponse<String> response = stream("chunks-5-midstream-error-3", HI);

    assertThat(response.body()).endsWith(IN_BAND_ERROR);
    List<JsonNode> chunks = events(response.body().substring(0, response.body().length() - IN_BAND_ERROR.length()));
    assertThat(chunks).hasSize(3);
    assertThat(text(chunks)).isEqualTo("tok0 tok1 tok2 ");
    assertThat(chunks.getLast().at("/candidates/0/finishReason").isMissingNode()).isTrue();

    // A call's single chunk carries the finish reason too: the error then follows it rather than never coming.
    String call = stream("midstream-error-5", """
        {"contents":[{"role":"user","parts":[{"text":"Weather?"}]}],"tools":%s}""".formatted(WEATHER_TOOL)).body();
    assertThat(call).endsWith(IN_BAND_ERROR);
    assertThat(events(call.substring(0, call.length() - IN_BAND_ERROR.length()))).singleElement()
        .satisfies(c -> assertThat(c.at("/candidates/0/content/parts/0/functionCall/name").asText()).isEqualTo("get_weather"));
  }

  @Test
  void chunksGapAndNoUsage() throws Exception {
    long started = System.nanoTime();
    List<JsonNode> chunks = events(stream("demo/chunks-3-gap-40-no-usage", HI).body());
    long millis = (System.nanoTime() - started) / 1_000_000;
    JsonNode unary = JSON.readTree(generate("x-no-usage", HI).body());

    assertThat(text(chunks)).isEqualTo("tok0 tok1 tok2 ");
    assertThat(chunks).hasSize(4).allSatisfy(c -> assertThat(c.has("usageMetadata")).isFalse());
    assertThat(millis).isGreaterThanOrEqualTo(4 * 40); // a gap after each of the 4 events
    assertThat(unary.has("usageMetadata")).isFalse();
  }

  @Test
  void emptyStream_andMalformedSse() throws Exception {
    HttpResponse<String> empty = stream("empty-stream", HI);
    JsonNode noCandidates = JSON.readTree(generate("empty-stream", HI).body());
    String malformed = stream("malformed-sse", HI).body();

    assertThat(empty.statusCode()).isEqualTo(200);
    assertThat(empty.body()).isEmpty();
    assertThat(noCandidates.has("candidates")).isFalse();
    assertThat(noCandidates.at("/usageMetadata/candidatesTokenCount").asInt()).isZero();
    String second = malformed.split("\r\n\r\n")[1].substring("data: ".length());
    assertThatThrownBy(() -> JSON.readTree(second)).isInstanceOf(IOException.class);
  }

  @Test
  void truncate_andDieAfter_cutTheConnection() throws Exception {
    String truncated = rawStream("truncate");
    String died = rawStream("chunks-5-die-after-3");

    assertThat(truncated).contains("200 OK");
    assertThat(truncated.split("data: ", -1)).hasSize(3); // exactly two events
    assertThat(truncated).doesNotEndWith("0\r\n\r\n");
    assertThat(died.split("data: ", -1)).hasSize(4);
    assertThat(died).contains("tok2 ").doesNotContain("tok3 ").doesNotEndWith("0\r\n\r\n");
    assertThatThrownBy(() -> generate("truncate", HI)).isInstanceOf(IOException.class);
  }

  @Test
  void stall_neverAnswers() {
    HttpRequest request = HttpRequest.newBuilder(uri("/v1beta/models/stall:generateContent"))
        .header("x-goog-api-key", fake.apiKey()).timeout(Duration.ofMillis(300))
        .POST(HttpRequest.BodyPublishers.ofString(HI)).build();

    assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(HttpTimeoutException.class);
  }

  @Test
  void flakyAndFailNext_countPerModelFromTheUrl() throws Exception {
    try (FakeGeminiProvider own = FakeGeminiProvider.start()) {
      own.failNext(1, 503);
      String model = "flaky-2-chunks-2"; // the forced failure counts as its first request
      HttpResponse<String> forced = post(own, model);
      HttpResponse<String> flaky = post(own, model);
      HttpResponse<String> ok = post(own, model);

      assertThat(status(forced)).isEqualTo("503 UNAVAILABLE");
      assertThat(status(flaky)).isEqualTo("500 INTERNAL");
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(ok.body()).at("/candidates/0/content/parts/0/text").asText()).isEqualTo("tok0 tok1 ");
      assertThat(own.requestCount(model)).isEqualTo(3);
      own.resetFaults();
      assertThat(own.requestCount(model)).isZero();
      assertThat(own.requests()).hasSize(3);
    }
  }

  @Test
  void anyKeyWhenNotRequired_ownVertx() throws Exception {
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    try (FakeGeminiProvider open = FakeGeminiProvider.start(vertx, 0).requireApiKey(null)) {
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(
          URI.create(open.baseUrl() + "/v1/models/gemini-2.5-flash:generateContent"))
          .POST(HttpRequest.BodyPublishers.ofString(HI)).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(open.baseUrl()).isEqualTo("http://127.0.0.1:" + open.port());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(open.lastRequest().path()).isEqualTo("/v1/models/gemini-2.5-flash:generateContent");
      open.close();
      open.close(); // idempotent
    } finally {
      vertx.close().await();
    }
  }

  // --- helpers ---

  private static HttpResponse<String> generate(String model, String body) throws IOException, InterruptedException {
    return post("/v1beta/models/" + model + ":generateContent", body, fake.apiKey());
  }

  private static HttpResponse<String> stream(String model, String body) throws IOException, InterruptedException {
    return post("/v1beta/models/" + model + ":streamGenerateContent?alt=sse", body, fake.apiKey());
  }

  private static HttpResponse<String> post(String path, String body, String key) throws IOException, InterruptedException {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).header("content-type", "application/json")
        .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      builder.header("x-goog-api-key", key);
    }
    return client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(FakeGeminiProvider provider, String model)
      throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(URI.create(provider.baseUrl() + "/v1beta/models/" + model
        + ":generateContent")).header("x-goog-api-key", provider.apiKey()).timeout(Duration.ofSeconds(5))
        .POST(HttpRequest.BodyPublishers.ofString(HI)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path, String key) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(uri(path)).header("x-goog-api-key", key).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(String path) {
    return URI.create(fake.baseUrl() + path);
  }

  /** "<code> <STATUS>" of a Google error answer, checking that the body's code is the HTTP status. */
  private static String status(HttpResponse<String> response) throws IOException {
    JsonNode error = JSON.readTree(response.body()).get("error");
    assertThat(error.get("code").asInt()).isEqualTo(response.statusCode());
    return response.statusCode() + " " + error.get("status").asText();
  }

  /** The JSON of each {@code data:} event; every event must end with CRLF CRLF. */
  private static List<JsonNode> events(String sse) throws IOException {
    List<JsonNode> events = new ArrayList<>();
    if (sse.isEmpty()) {
      return events;
    }
    assertThat(sse).endsWith("\r\n\r\n");
    for (String event : sse.split("\r\n\r\n")) {
      assertThat(event).startsWith("data: ");
      events.add(JSON.readTree(event.substring("data: ".length())));
    }
    return events;
  }

  private static String text(List<JsonNode> chunks) {
    StringBuilder text = new StringBuilder();
    for (JsonNode chunk : chunks) {
      for (JsonNode part : chunk.at("/candidates/0/content/parts")) {
        if (!part.path("thought").asBoolean(false)) {
          text.append(part.path("text").asText(""));
        }
      }
    }
    return text.toString();
  }

  private static String rawStream(String model) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", fake.port())) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /v1beta/models/" + model + ":streamGenerateContent?alt=sse HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "x-goog-api-key: " + fake.apiKey() + "\r\nContent-Type: application/json\r\nContent-Length: "
          + HI.length() + "\r\n\r\n" + HI).getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) != -1) {
        received.write(buffer, 0, n);
      }
      return received.toString(StandardCharsets.UTF_8);
    }
  }

  private static ObjectNode fixture(String name) throws IOException {
    try (InputStream in = FakeGeminiProviderTest.class.getResourceAsStream("/wire/gemini/" + name)) {
      return (ObjectNode) JSON.readTree(in);
    }
  }

  /** Event {@code index} of an SSE fixture, with or without its {@code thoughtsTokenCount}. */
  private static ObjectNode fixtureEvent(String name, int index, boolean dropThoughts) throws IOException {
    try (InputStream in = FakeGeminiProviderTest.class.getResourceAsStream("/wire/gemini/" + name)) {
      String[] events = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\r\n\r\n");
      ObjectNode event = (ObjectNode) JSON.readTree(events[index].substring("data: ".length()));
      if (dropThoughts) {
        ((ObjectNode) event.get("usageMetadata")).remove("thoughtsTokenCount");
      }
      return event;
    }
  }

  private static ObjectNode withFinish(ObjectNode event) {
    ((ObjectNode) event.at("/candidates/0")).put("finishReason", "STOP");
    return event;
  }

  private static ObjectNode unaryWithThought() throws IOException {
    ObjectNode fixture = fixture("generateContent-text.json");
    ((ObjectNode) fixture.at("/candidates/0/content/parts/0")).put("thought", true);
    return fixture;
  }

  /** The field paths outside the call's arguments, which differ by tool. */
  private static TreeSet<String> callShape(JsonNode node) {
    TreeSet<String> keys = keys(node);
    keys.removeIf(k -> k.startsWith("candidates[].content.parts[].functionCall.args."));
    return keys;
  }

  /** Every field path in a JSON tree ({@code candidates[].content.parts[].text}), to compare shapes, not values. */
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
