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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Talks HTTP to the Cohere fake as a client would, and holds its answers against the wire fixtures it mimics. */
class FakeCohereProviderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HELLO = "Hello! How can I help you today?";
  private static final String SAY_HELLO = "{\"role\":\"user\",\"content\":\"Say hello to me\"}"; // 15 chars: 3 tokens
  private static final String WEATHER_TOOL = """
      [{"type":"function","function":{"name":"get_weather","parameters":{"type":"object",
        "properties":{"city":{"type":"string"},"unit":{"type":"string","enum":["celsius","fahrenheit"]}},
        "required":["city"]}}},
       {"type":"function","function":{"name":"get_time","parameters":{"type":"object","properties":{}}}}]""";
  private static final String WEATHER_ARGUMENTS = "{\"city\":\"Paris\",\"unit\":\"celsius\"}";

  private static FakeCohereProvider fake;
  private static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** One SSE event as received: its {@code event:} line and parsed data. */
  record Sse(String event, JsonNode data) {}

  @BeforeAll
  static void start() {
    fake = FakeCohereProvider.start();
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  @Test
  void unaryText_hasTheFixtureShape_andIsRecorded() throws Exception {
    HttpResponse<String> response = chat(body("command-a-03-2025", false, SAY_HELLO, ""));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode body = JSON.readTree(response.body());
    assertThat(keys(body)).isEqualTo(keys(fixture("chat.json")));
    assertThat(body.get("id").asText()).matches("[0-9a-f-]{36}");
    assertThat(body.at("/message/role").asText()).isEqualTo("assistant");
    assertThat(body.at("/message/content/0/type").asText()).isEqualTo("text");
    assertThat(body.at("/message/content/0/text").asText()).isEqualTo(HELLO);
    assertThat(body.get("finish_reason").asText()).isEqualTo("COMPLETE");
    assertThat(body.at("/usage/tokens")).isEqualTo(JSON.readTree("{\"input_tokens\":3,\"output_tokens\":9}"));
    assertThat(body.at("/usage/billed_units")).isEqualTo(body.at("/usage/tokens"));

    RecordedRequest recorded = fake.lastRequest();
    assertThat(recorded.method()).isEqualTo("POST");
    assertThat(recorded.path()).isEqualTo("/v2/chat");
    assertThat(recorded.header("Authorization")).isEqualTo("Bearer " + FakeCohereProvider.DEFAULT_API_KEY);
    assertThat(recorded.json().at("/messages/0/content").asText()).isEqualTo("Say hello to me");
  }

  @Test
  void unaryToolCall_hasAPlanAndOneCallToTheFirstTool() throws Exception {
    JsonNode body = JSON.readTree(chat(body("m", false, SAY_HELLO, ",\"tools\":" + WEATHER_TOOL)).body());

    assertThat(keys(body)).isEqualTo(keys(fixture("chat-tool-calls.json")));
    assertThat(body.at("/message/tool_plan").asText()).isEqualTo("I will use get_weather to answer this.");
    assertThat(body.at("/message/tool_calls")).hasSize(1);
    assertThat(body.at("/message/tool_calls/0/id").asText()).matches("get_weather_[a-z0-9]{12}");
    assertThat(body.at("/message/tool_calls/0/type").asText()).isEqualTo("function");
    assertThat(body.at("/message/tool_calls/0/function/name").asText()).isEqualTo("get_weather");
    assertThat(body.at("/message/tool_calls/0/function/arguments").asText()).isEqualTo(WEATHER_ARGUMENTS);
    assertThat(body.get("finish_reason").asText()).isEqualTo("TOOL_CALL");
    int planPieces = FakeChatReply.split("I will use get_weather to answer this.").size();
    int argumentPieces = (WEATHER_ARGUMENTS.length() + 7) / 8;
    assertThat(body.at("/usage/tokens/output_tokens").asInt()).isEqualTo(planPieces + argumentPieces);
  }

  @Test
  void toolChoiceNoneAnswersInText_andAToolResultIsQuoted() throws Exception {
    JsonNode none = JSON.readTree(chat(body("m", false, SAY_HELLO,
        ",\"tools\":" + WEATHER_TOOL + ",\"tool_choice\":\"NONE\"")).body());
    assertThat(none.at("/message/content/0/text").asText()).isEqualTo(HELLO);

    String afterCall = SAY_HELLO + ",{\"role\":\"assistant\",\"tool_plan\":\"p\",\"tool_calls\":[{\"id\":\"c1\","
        + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]},";
    JsonNode asString = JSON.readTree(chat(body("m", false, afterCall
        + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"18C\"}", ",\"tools\":" + WEATHER_TOOL)).body());
    assertThat(asString.at("/message/content/0/text").asText()).isEqualTo("The tool said: 18C");
    JsonNode asDocument = JSON.readTree(chat(body("m", false, afterCall + "{\"role\":\"tool\",\"tool_call_id\":"
        + "\"c1\",\"content\":[{\"type\":\"document\",\"document\":{\"data\":\"{\\\"t\\\":18}\"}}]}", "")).body());
    assertThat(asDocument.at("/message/content/0/text").asText()).isEqualTo("The tool said: {\"t\":18}");
  }

  @Test
  void jsonResponseFormats() throws Exception {
    JsonNode schema = JSON.readTree(chat(body("m", false, SAY_HELLO, ",\"response_format\":{\"type\":\"json_object\","
        + "\"json_schema\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}")).body());
    assertThat(schema.at("/message/content/0/text").asText()).isEqualTo("{\"city\":\"Paris\"}");
    JsonNode object = JSON.readTree(chat(body("m", false, SAY_HELLO,
        ",\"response_format\":{\"type\":\"json_object\"}")).body());
    assertThat(JSON.readTree(object.at("/message/content/0/text").asText()).isObject()).isTrue();
  }

  @Test
  void streamText_followsTheFixtureEventSequence() throws Exception {
    HttpResponse<String> response = chat(body("command-a", true, SAY_HELLO, ""));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
    List<Sse> events = events(response.body());
    assertThat(names(events)).isEqualTo(names(fixtureEvents("chat-stream-text.sse"), 1, 9));
    assertThat(events.get(0).data().get("id").asText()).matches("[0-9a-f-]{36}");
    assertThat(keys(events.get(0).data())).isEqualTo(keys(fixtureEvents("chat-stream-text.sse").get(0).data()));
    assertThat(text(events, "/delta/message/content/text")).isEqualTo(HELLO);
    JsonNode end = events.get(events.size() - 1).data();
    assertThat(end.at("/delta/finish_reason").asText()).isEqualTo("COMPLETE");
    assertThat(end.at("/delta/usage/tokens")).isEqualTo(JSON.readTree("{\"input_tokens\":3,\"output_tokens\":9}"));
    assertThat(response.body()).doesNotContain("[DONE]").endsWith("\n\n");
  }

  @Test
  void streamToolCall_planFirst_thenStartDeltasEnd() throws Exception {
    List<Sse> events = events(chat(body("m", true, SAY_HELLO, ",\"tools\":" + WEATHER_TOOL)).body());

    List<String> names = names(events);
    int plans = (int) names.stream().filter("tool-plan-delta"::equals).count();
    int deltas = (int) names.stream().filter("tool-call-delta"::equals).count();
    assertThat(names).isEqualTo(names(fixtureEvents("chat-stream-tool-calls.sse"), plans, deltas));
    assertThat(text(events, "/delta/message/tool_plan")).isEqualTo("I will use get_weather to answer this.");
    JsonNode start = events.get(1 + plans).data();
    assertThat(start.get("index").asInt()).isZero();
    assertThat(start.at("/delta/message/tool_calls/id").asText()).startsWith("get_weather_");
    assertThat(start.at("/delta/message/tool_calls/function/name").asText()).isEqualTo("get_weather");
    assertThat(start.at("/delta/message/tool_calls/function/arguments").asText()).isEmpty();
    assertThat(text(events, "/delta/message/tool_calls/function/arguments")).isEqualTo(WEATHER_ARGUMENTS);
    assertThat(events.get(events.size() - 1).data().at("/delta/finish_reason").asText()).isEqualTo("TOOL_CALL");
  }

  @Test
  void chunksAndEchoAndNoUsage() throws Exception {
    List<Sse> chunks = events(chat(body("chunks-3", true, SAY_HELLO, "")).body());
    assertThat(text(chunks, "/delta/message/content/text")).isEqualTo("tok0 tok1 tok2 ");
    assertThat(chunks.get(chunks.size() - 1).data().at("/delta/usage/tokens/output_tokens").asInt()).isEqualTo(3);

    JsonNode echo = JSON.readTree(chat(body("echo", false, SAY_HELLO, "")).body());
    assertThat(echo.at("/message/content/0/text").asText()).isEqualTo("Say hello to me");

    JsonNode unary = JSON.readTree(chat(body("x-no-usage", false, SAY_HELLO, "")).body());
    assertThat(unary.has("usage")).isFalse();
    List<Sse> streamed = events(chat(body("x-no-usage", true, SAY_HELLO, "")).body());
    assertThat(streamed.get(streamed.size() - 1).data().get("delta").has("usage")).isFalse();
  }

  @Test
  void wrongOrMissingKey_getsCoheresOwn401() throws Exception {
    HttpResponse<String> wrong = post("/v2/chat", body("m", false, SAY_HELLO, ""), "nope");
    HttpResponse<String> missing = post("/v2/chat", body("m", false, SAY_HELLO, ""), null);

    assertThat(wrong.statusCode()).isEqualTo(401);
    JsonNode wrongBody = JSON.readTree(wrong.body());
    assertThat(wrongBody.get("message").asText()).isEqualTo(fixture("error-401.json").get("message").asText());
    assertThat(wrongBody.get("id").asText()).matches("[0-9a-f-]{36}");
    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(missing.body()).get("message").asText()).isEqualTo("no api key supplied");
  }

  @Test
  void errorKnobs_useCoheresBodies() throws Exception {
    HttpResponse<String> limited = chat(body("error-429", false, SAY_HELLO, ""));
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("retry-after")).hasValue("1");
    assertThat(message(limited)).startsWith("You are using a Trial key, which is limited to");

    HttpResponse<String> server = chat(body("error-500", false, SAY_HELLO, ""));
    assertThat(server.statusCode()).isEqualTo(500);
    assertThat(message(server)).startsWith("internal server error");
    assertThat(keysOf(server)).containsExactly("id", "message");

    HttpResponse<String> missingModel = chat(body("command-x-error-404", false, SAY_HELLO, ""));
    assertThat(missingModel.statusCode()).isEqualTo(404);
    assertThat(message(missingModel)).startsWith("model 'command-x-error-404' not found");

    HttpResponse<String> tooLong = chat(body("context-length", true, SAY_HELLO, ""));
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(message(tooLong)).startsWith("too many tokens: ");

    HttpResponse<String> retryAfter = chat(body("error-429-retry-after-2500", false, SAY_HELLO, ""));
    assertThat(retryAfter.headers().firstValue("retry-after")).hasValue("3");
  }

  @Test
  void inbandError_isAMessageEndWithErrorAfterMessageStart() throws Exception {
    HttpResponse<String> response = chat(body("inband-error", true, SAY_HELLO, ""));

    assertThat(response.statusCode()).isEqualTo(200);
    List<Sse> events = events(response.body());
    assertThat(names(events)).containsExactly("message-start", "message-end");
    JsonNode delta = events.get(1).data().get("delta");
    assertThat(delta.get("finish_reason").asText()).isEqualTo("ERROR");
    assertThat(delta.get("error").asText()).isNotBlank();
    assertThat(chat(body("inband-error", false, SAY_HELLO, "")).statusCode()).isEqualTo(500);
  }

  @Test
  void midstreamError_comesAfterKPieces() throws Exception {
    List<Sse> events = events(chat(body("chunks-5-midstream-error-2", true, SAY_HELLO, "")).body());

    assertThat(names(events))
        .containsExactly("message-start", "content-start", "content-delta", "content-delta", "message-end");
    assertThat(text(events, "/delta/message/content/text")).isEqualTo("tok0 tok1 ");
    assertThat(events.get(4).data().at("/delta/finish_reason").asText()).isEqualTo("ERROR");
  }

  @Test
  void truncateStallMalformedAndWrongContentType() throws Exception {
    String truncated = rawStream("truncate", Integer.MAX_VALUE);
    assertThat(truncated).contains("200 OK");
    assertThat(truncated.split("event: ", -1)).hasSize(3); // exactly two events
    assertThat(truncated).doesNotContain("message-end").doesNotEndWith("0\r\n\r\n");

    assertThatThrownBy(() -> chat(body("truncate", false, SAY_HELLO, ""))).isInstanceOf(IOException.class);

    String malformed = chat(body("malformed-sse", true, SAY_HELLO, "")).body();
    String second = malformed.split("\n\n")[1];
    assertThat(second).startsWith("event: content-start\ndata: ");
    assertThatThrownBy(() -> JSON.readTree(second.substring(second.indexOf("data: ") + 6)))
        .isInstanceOf(IOException.class);

    HttpResponse<String> html = chat(body("wrong-content-type", false, SAY_HELLO, ""));
    assertThat(html.headers().firstValue("content-type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));

    HttpRequest stalled = authorized(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/v2/chat")), fake.apiKey())
        .timeout(Duration.ofMillis(300))
        .POST(HttpRequest.BodyPublishers.ofString(body("stall", false, SAY_HELLO, "")))
        .build();
    assertThatThrownBy(() -> client.send(stalled, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(HttpTimeoutException.class);
  }

  @Test
  void stallMidstream_clientHangingUp_countsAsCancelled() throws Exception {
    int cancelledBefore = fake.cancelledStreams();

    String received = rawStream("stall-midstream", 2);

    assertThat(received.split("event: ", -1)).hasSize(3);
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(2))
        .until(() -> fake.cancelledStreams() == cancelledBefore + 1);
    assertThat(fake.openStreams()).isZero();
  }

  @Test
  void gapSpacesTheEvents() throws Exception {
    long started = System.nanoTime();
    List<Sse> events = events(chat(body("chunks-2-gap-30", true, SAY_HELLO, "")).body());
    long millis = (System.nanoTime() - started) / 1_000_000;

    assertThat(events).hasSize(6); // start, content-start, 2 deltas, content-end, end
    assertThat(millis).isGreaterThanOrEqualTo(5 * 30); // 5 gaps between 6 events
  }

  @Test
  void flakyAndFailNextAndRequestCounts() throws Exception {
    try (FakeCohereProvider own = FakeCohereProvider.start()) {
      String flaky = body("flaky-1", false, SAY_HELLO, "");
      assertThat(post(own, "/v2/chat", flaky).statusCode()).isEqualTo(500);
      assertThat(post(own, "/v2/chat", flaky).statusCode()).isEqualTo(200);
      assertThat(own.requestCount("flaky-1")).isEqualTo(2);

      own.failNext(1, 503);
      HttpResponse<String> forced = post(own, "/v2/chat", body("m", false, SAY_HELLO, ""));
      assertThat(forced.statusCode()).isEqualTo(503);
      assertThat(keysOf(forced)).containsExactly("id", "message");
      assertThat(post(own, "/v2/chat", body("m", false, SAY_HELLO, "")).statusCode()).isEqualTo(200);

      own.resetFaults();
      assertThat(own.requestCount("flaky-1")).isZero();
      assertThat(post(own, "/v2/chat", flaky).statusCode()).isEqualTo(500);
    }
  }

  @Test
  void embed_givesFloatVectorsAndBilledTokens() throws Exception {
    HttpResponse<String> response = post("/v2/embed", """
        {"model":"embed-v4.0","texts":["hello world","bye"],"input_type":"search_document",
         "embedding_types":["float"],"output_dimension":4}""", fake.apiKey());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("response_type").asText()).isEqualTo("embeddings_by_type");
    assertThat(body.get("texts")).hasSize(2);
    assertThat(body.at("/embeddings/float")).hasSize(2);
    assertThat(body.at("/embeddings/float/0")).hasSize(4);
    double norm = 0;
    for (JsonNode v : body.at("/embeddings/float/0")) {
      norm += v.asDouble() * v.asDouble();
    }
    assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    assertThat(body.at("/meta/billed_units/input_tokens").asInt()).isEqualTo(3); // 14 chars / 4
    assertThat(fake.lastRequest().path()).isEqualTo("/v2/embed");

    HttpResponse<String> noTypes = post("/v2/embed", "{\"model\":\"embed-v4.0\",\"texts\":[\"a\"],"
        + "\"input_type\":\"search_query\"}", fake.apiKey());
    assertThat(noTypes.statusCode()).isEqualTo(400);
    assertThat(message(noTypes)).isEqualTo("embedding_types parameter is required");
  }

  @Test
  void badBodiesAndUnknownPaths() throws Exception {
    assertThat(chat("not json").statusCode()).isEqualTo(400);
    assertThat(message(chat("{\"messages\":[]}"))).isEqualTo("a model parameter is required for this endpoint.");
    assertThat(chat("{\"model\":\"m\",\"messages\":[]}").statusCode()).isEqualTo(400);
    HttpResponse<String> unknown = post("/v1/chat", "{}", fake.apiKey());
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(message(unknown)).isEqualTo("invalid url at /v1/chat");
  }

  @Test
  void ownVertx_baseUrl_anyKeyWhenNotRequired_andCloseTwice() throws Exception {
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    try {
      FakeCohereProvider open = FakeCohereProvider.start(vertx, 0).requireApiKey(null);
      assertThat(open.baseUrl()).isEqualTo("http://127.0.0.1:" + open.port());
      assertThat(post(open, "/v2/chat", body("m", false, SAY_HELLO, "")).statusCode()).isEqualTo(200);
      assertThat(open.requests()).hasSize(1);
      open.clearRequests();
      assertThat(open.lastRequest()).isNull();
      open.close();
      open.close();
    } finally {
      vertx.close().await();
    }
  }

  // --- helpers ---

  private static String body(String model, boolean stream, String messages, String extra) {
    return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[" + messages + "]" + extra + "}";
  }

  private static HttpResponse<String> chat(String body) throws IOException, InterruptedException {
    return post("/v2/chat", body, fake.apiKey());
  }

  private static HttpResponse<String> post(String path, String body, String key)
      throws IOException, InterruptedException {
    HttpRequest request = authorized(HttpRequest.newBuilder(URI.create(fake.baseUrl() + path)), key)
        .header("content-type", "application/json")
        .timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(FakeCohereProvider provider, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest request = authorized(HttpRequest.newBuilder(URI.create(provider.baseUrl() + path)), provider.apiKey())
        .timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder authorized(HttpRequest.Builder builder, String key) {
    return key == null ? builder : builder.header("authorization", "Bearer " + key);
  }

  private static String message(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body()).get("message").asText();
  }

  private static List<String> keysOf(HttpResponse<String> response) throws IOException {
    List<String> names = new ArrayList<>();
    JSON.readTree(response.body()).fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** A streamed request over a raw socket, read until the server closes or that many events arrived. */
  private static String rawStream(String model, int stopAfterEvents) throws IOException {
    String body = body(model, true, SAY_HELLO, "");
    try (Socket socket = new Socket("127.0.0.1", fake.port())) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /v2/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + fake.apiKey()
          + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
          .getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) != -1) {
        received.write(buffer, 0, n);
        if (received.toString(StandardCharsets.UTF_8).split("event: ", -1).length > stopAfterEvents) {
          break;
        }
      }
      return received.toString(StandardCharsets.UTF_8);
    }
  }

  /** Parses an SSE body; every event must have an {@code event:} line equal to its data's {@code type}. */
  private static List<Sse> events(String body) throws IOException {
    List<Sse> events = new ArrayList<>();
    for (String block : body.split("\n\n")) {
      if (block.isBlank()) {
        continue;
      }
      String[] lines = block.split("\n");
      assertThat(lines).hasSize(2);
      assertThat(lines[0]).startsWith("event: ");
      assertThat(lines[1]).startsWith("data: ");
      JsonNode data = JSON.readTree(lines[1].substring(6));
      String name = lines[0].substring(7);
      assertThat(data.get("type").asText()).isEqualTo(name);
      events.add(new Sse(name, data));
    }
    return events;
  }

  private static List<String> names(List<Sse> events) {
    return events.stream().map(Sse::event).toList();
  }

  /** The fixture's event names with its delta runs resized: {@code plans} plan deltas, {@code pieces} pieces. */
  private static List<String> names(List<Sse> fixture, int plans, int pieces) {
    List<String> out = new ArrayList<>();
    String previous = null;
    for (Sse event : fixture) {
      String name = event.event();
      if (name.equals(previous) && name.endsWith("-delta")) {
        continue;
      }
      int times = name.equals("tool-plan-delta") ? plans : name.endsWith("-delta") ? pieces : 1;
      for (int i = 0; i < times; i++) {
        out.add(name);
      }
      previous = name;
    }
    return out;
  }

  private static String text(List<Sse> events, String pointer) {
    StringBuilder text = new StringBuilder();
    for (Sse event : events) {
      if (event.event().endsWith("-delta")) {
        text.append(event.data().at(pointer).asText(""));
      }
    }
    return text.toString();
  }

  private static JsonNode fixture(String name) throws IOException {
    try (InputStream in = FakeCohereProviderTest.class.getResourceAsStream("/wire/cohere/" + name)) {
      return JSON.readTree(in);
    }
  }

  private static List<Sse> fixtureEvents(String name) throws IOException {
    try (InputStream in = FakeCohereProviderTest.class.getResourceAsStream("/wire/cohere/" + name)) {
      return events(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** Every field path in a JSON tree ({@code message.content[].text}), to compare shapes, not values. */
  private static TreeSet<String> keys(JsonNode node) {
    TreeSet<String> keys = new TreeSet<>();
    collectKeys(node, "", keys);
    return keys;
  }

  private static void collectKeys(JsonNode node, String prefix, TreeSet<String> keys) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
        keys.add(path);
        collectKeys(field.getValue(), path, keys);
      }
    } else if (node.isArray()) {
      for (JsonNode item : node) {
        collectKeys(item, prefix + "[]", keys);
      }
    }
  }
}
