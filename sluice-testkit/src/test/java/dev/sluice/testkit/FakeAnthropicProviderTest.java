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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Talks HTTP to the fake as an Anthropic client would, and holds its answers against the wire fixtures it claims to
 * mimic: body shapes field by field, and every stream against the Messages event grammar.
 */
class FakeAnthropicProviderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HELLO = "Hello! How can I help you today?";
  private static final String MODEL = "claude-sonnet-4-20250514";
  private static final String WEATHER_TOOLS = """
      [{"name":"get_weather","description":"Weather in a city","input_schema":{"type":"object",
        "properties":{"city":{"type":"string"},"unit":{"type":"string","enum":["celsius","fahrenheit"]},
          "days":{"type":"integer"}},"required":["city"]}},
       {"name":"get_time","input_schema":{"type":"object","properties":{"zone":{"type":"string"}}}}]""";
  private static final String WEATHER_INPUT = "{\"city\":\"Paris\",\"unit\":\"celsius\",\"days\":1}";

  private static FakeAnthropicProvider fake;
  // HTTP/1.1: the fake's faults are defined on HTTP/1.1 connections, as the gateway's client uses them.
  private static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() {
    fake = FakeAnthropicProvider.start();
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  // --- unary and streamed replies ---

  @Test
  void unaryText_hasTheFixtureShape_andIsRecordedWithHeaders() throws Exception {
    HttpResponse<String> response = messages(body("\"Say hello to me\"", ""));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(response.headers().firstValue("request-id")).hasValueSatisfying(v -> assertThat(v).startsWith("req_"));
    JsonNode body = JSON.readTree(response.body());
    assertThat(keys(body)).isEqualTo(keys(fixture("message.json")));
    assertThat(body.get("id").asText()).startsWith("msg_01");
    assertThat(body.get("model").asText()).isEqualTo(MODEL);
    assertThat(body.at("/content/0/type").asText()).isEqualTo("text");
    assertThat(body.at("/content/0/text").asText()).isEqualTo(HELLO);
    assertThat(body.get("content")).hasSize(1);
    assertThat(body.get("stop_reason").asText()).isEqualTo("end_turn");
    assertThat(body.get("stop_sequence").isNull()).isTrue();
    assertThat(body.at("/usage/input_tokens").asInt()).isEqualTo(3); // 15 characters / 4
    assertThat(body.at("/usage/output_tokens").asInt()).isEqualTo(9); // one per piece
    assertThat(body.at("/usage/cache_creation_input_tokens").asInt()).isZero();
    assertThat(body.at("/usage/cache_read_input_tokens").asInt()).isZero();

    RecordedRequest recorded = fake.lastRequest();
    assertThat(recorded.method()).isEqualTo("POST");
    assertThat(recorded.path()).isEqualTo("/v1/messages");
    assertThat(recorded.header("x-api-key")).isEqualTo(FakeAnthropicProvider.DEFAULT_API_KEY);
    assertThat(recorded.header("Anthropic-Version")).isEqualTo("2023-06-01");
    assertThat(recorded.json().at("/messages/0/content").asText()).isEqualTo("Say hello to me");
  }

  @Test
  void streamText_followsTheGrammar_withTheFixturesEvents() throws Exception {
    HttpResponse<String> response = messages(body("\"hi\"", ",\"stream\":true"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
    List<Event> events = events(response.body());
    assertGrammar(events);
    assertThat(types(events)).containsExactly("message_start", "content_block_start", "ping",
        "content_block_delta", "content_block_delta", "content_block_delta", "content_block_delta",
        "content_block_delta", "content_block_delta", "content_block_delta", "content_block_delta",
        "content_block_delta", "content_block_stop", "message_delta", "message_stop");
    List<Event> fixture = events(fixtureText("stream-text.sse"));
    for (int i : new int[] {0, 1, 2, 3}) {
      assertThat(keys(events.get(i).data())).as(events.get(i).name()).isEqualTo(keys(fixture.get(i).data()));
    }
    assertThat(keys(events.get(events.size() - 2).data())).isEqualTo(keys(fixture.get(fixture.size() - 2).data()));
    JsonNode message = events.get(0).data().get("message");
    assertThat(message.get("id").asText()).startsWith("msg_01");
    assertThat(message.get("content")).isEmpty();
    assertThat(message.get("stop_reason").isNull()).isTrue();
    assertThat(message.at("/usage/input_tokens").asInt()).isEqualTo(1); // "hi": 2 characters / 4, at least 1
    assertThat(text(events, 0)).isEqualTo(HELLO);
    JsonNode delta = events.get(events.size() - 2).data();
    assertThat(delta.at("/delta/stop_reason").asText()).isEqualTo("end_turn");
    assertThat(delta.at("/usage/output_tokens").asInt()).isEqualTo(9);
    assertThat(response.body()).doesNotContain("[DONE]");
  }

  @Test
  void tools_unary_callTheFirstToolWithSchemaInput() throws Exception {
    JsonNode body = JSON.readTree(messages(body("\"Weather?\"", ",\"tools\":" + WEATHER_TOOLS)).body());

    assertThat(body.get("stop_reason").asText()).isEqualTo("tool_use");
    assertThat(body.get("content")).hasSize(1);
    JsonNode toolUse = body.at("/content/0");
    JsonNode fixtureToolUse = fixture("message-tool-use.json").at("/content/1");
    assertThat(keysBesides(toolUse, "input")).isEqualTo(keysBesides(fixtureToolUse, "input"));
    assertThat(toolUse.get("type").asText()).isEqualTo("tool_use");
    assertThat(toolUse.get("id").asText()).startsWith("toolu_01");
    assertThat(toolUse.get("name").asText()).isEqualTo("get_weather");
    assertThat(toolUse.get("input")).isEqualTo(JSON.readTree(WEATHER_INPUT)); // an object, not a string
    assertThat(body.at("/usage/output_tokens").asInt()).isEqualTo(6); // 42 characters in 8-character fragments
  }

  @Test
  void tools_stream_startWithEmptyInput_thenFragmentsThatReassemble() throws Exception {
    List<Event> events = events(messages(body("\"Weather?\"",
        ",\"stream\":true,\"tool_choice\":{\"type\":\"auto\"},\"tools\":" + WEATHER_TOOLS)).body());

    assertGrammar(events);
    JsonNode start = events.get(1).data();
    assertThat(keys(start)).isEqualTo(keys(events(fixtureText("stream-tool-use.sse")).get(7).data()));
    assertThat(start.at("/content_block/type").asText()).isEqualTo("tool_use");
    assertThat(start.at("/content_block/id").asText()).startsWith("toolu_01");
    assertThat(start.at("/content_block/name").asText()).isEqualTo("get_weather");
    assertThat(start.at("/content_block/input").isObject() && start.at("/content_block/input").isEmpty()).isTrue();
    List<String> fragments = new ArrayList<>();
    for (Event event : events) {
      if (event.data().at("/delta/type").asText().equals("input_json_delta")) {
        fragments.add(event.data().at("/delta/partial_json").asText());
      }
    }
    assertThat(fragments.get(0)).isEmpty();
    assertThat(JSON.readTree(String.join("", fragments))).isEqualTo(JSON.readTree(WEATHER_INPUT));
    JsonNode delta = events.get(events.size() - 2).data();
    assertThat(delta.at("/delta/stop_reason").asText()).isEqualTo("tool_use");
    assertThat(delta.at("/usage/output_tokens").asInt()).isEqualTo(fragments.size() - 1);
  }

  @Test
  void tools_namedChoice_none_andAfterToolResult() throws Exception {
    JsonNode named = JSON.readTree(messages(body("\"Time?\"",
        ",\"tool_choice\":{\"type\":\"tool\",\"name\":\"get_time\"},\"tools\":" + WEATHER_TOOLS)).body());
    JsonNode none = JSON.readTree(messages(body("\"Hi\"",
        ",\"tool_choice\":{\"type\":\"none\"},\"tools\":" + WEATHER_TOOLS)).body());
    JsonNode afterResult = JSON.readTree(messages("""
        {"model":"%s","max_tokens":100,"tools":%s,"messages":[
         {"role":"user","content":"Weather?"},
         {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{}}]},
         {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1",
           "content":[{"type":"text","text":"22C and sunny"}]}]}]}""".formatted(MODEL, WEATHER_TOOLS)).body());

    assertThat(named.at("/content/0/name").asText()).isEqualTo("get_time");
    assertThat(named.at("/content/0/input")).isEqualTo(JSON.readTree("{\"zone\":\"Paris\"}"));
    assertThat(none.at("/content/0/text").asText()).isEqualTo(HELLO);
    assertThat(afterResult.at("/content/0/text").asText()).isEqualTo("The tool said: 22C and sunny");
    assertThat(afterResult.get("stop_reason").asText()).isEqualTo("end_turn");
  }

  @Test
  void thinking_unary_putsASignedThinkingBlockFirst() throws Exception {
    JsonNode body = JSON.readTree(messages(body("\"Hi\"",
        ",\"max_tokens\":2048,\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024}")).body());

    assertThat(keys(body)).isEqualTo(keys(fixture("message-thinking.json")));
    assertThat(body.at("/content/0/type").asText()).isEqualTo("thinking");
    assertThat(body.at("/content/0/thinking").asText()).isEqualTo(FakeAnthropicReply.THINKING_TEXT);
    assertThat(body.at("/content/0/signature").asText()).isNotEmpty();
    assertThat(body.at("/content/1/text").asText()).isEqualTo(HELLO);
    int thinkingPieces = FakeChatReply.split(FakeAnthropicReply.THINKING_TEXT).size();
    assertThat(body.at("/usage/output_tokens").asInt()).isEqualTo(thinkingPieces + 9);
  }

  @Test
  void thinking_stream_thinkingDeltasThenOneSignatureDelta_thenTheTextBlock() throws Exception {
    List<Event> events = events(messages(body("\"Hi\"",
        ",\"stream\":true,\"max_tokens\":2048,\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024}")).body());

    assertGrammar(events);
    List<Event> fixture = events(fixtureText("stream-thinking.sse"));
    assertThat(keys(events.get(1).data())).isEqualTo(keys(fixture.get(1).data()));
    assertThat(events.get(1).data().at("/content_block/type").asText()).isEqualTo("thinking");
    StringBuilder thinking = new StringBuilder();
    String signature = null;
    int stopOfThinking = -1;
    for (int i = 0; i < events.size(); i++) {
      JsonNode data = events.get(i).data();
      switch (data.at("/delta/type").asText()) {
        case "thinking_delta" -> thinking.append(data.at("/delta/thinking").asText());
        case "signature_delta" -> {
          signature = data.at("/delta/signature").asText();
          assertThat(events.get(i + 1).name()).isEqualTo("content_block_stop"); // last thing in the block
          stopOfThinking = i + 1;
        }
        default -> { }
      }
    }
    assertThat(thinking.toString()).isEqualTo(FakeAnthropicReply.THINKING_TEXT);
    assertThat(signature).isNotEmpty();
    assertThat(events.get(stopOfThinking + 1).data().at("/content_block/type").asText()).isEqualTo("text");
    assertThat(text(events, 1)).isEqualTo(HELLO);
  }

  @Test
  void echo_stopSequences_andMaxTokens_shapeTheText() throws Exception {
    JsonNode echo = JSON.readTree(messages("""
        {"model":"claude-echo","max_tokens":100,"messages":[{"role":"user","content":"first"},
         {"role":"assistant","content":"ok"},{"role":"user","content":[{"type":"text","text":"one "},
         {"type":"image","source":{"type":"url","url":"https://example.com/a.png"}},{"type":"text","text":"two"}]}]}""")
        .body());
    JsonNode stopped = JSON.readTree(messages(body("\"hi\"", ",\"stop_sequences\":[\"help\",\"can\"]")).body());
    JsonNode limited = JSON.readTree(messages(body("\"hi\"", ",\"max_tokens\":3")).body());

    assertThat(echo.at("/content/0/text").asText()).isEqualTo("one two");
    assertThat(stopped.at("/content/0/text").asText()).isEqualTo("Hello! How ");
    assertThat(stopped.get("stop_reason").asText()).isEqualTo("stop_sequence");
    assertThat(stopped.get("stop_sequence").asText()).isEqualTo("can");
    assertThat(limited.at("/content/0/text").asText()).isEqualTo("Hello! How");
    assertThat(limited.get("stop_reason").asText()).isEqualTo("max_tokens");
    assertThat(limited.at("/usage/output_tokens").asInt()).isEqualTo(3);
  }

  // --- usage and the prompt cache ---

  @Test
  void promptCache_writesThenReads_andCountTokensAgrees() throws Exception {
    String document = "The quick brown fox jumps over the lazy dog. ".repeat(9) + "cache-test-1"; // 417 chars
    String request = """
        {"model":"%s","max_tokens":100,
         "system":[{"type":"text","text":"%s","cache_control":{"type":"ephemeral"}}],
         "messages":[{"role":"user","content":%s}]}""";
    String plain = request.formatted(MODEL, document, "\"What is in the document?\""); // 24 more chars
    String secondBreakpoint = request.formatted(MODEL, document,
        "[{\"type\":\"text\",\"text\":\"What is in the document?\",\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"1h\"}}]");

    JsonNode first = JSON.readTree(messages(plain).body()).get("usage");
    JsonNode second = JSON.readTree(messages(plain).body()).get("usage");
    JsonNode third = JSON.readTree(messages(secondBreakpoint).body()).get("usage");
    JsonNode otherModel = JSON.readTree(messages(plain.replace(MODEL, "claude-opus-4-1-20250805")).body()).get("usage");
    JsonNode counted = JSON.readTree(post("/v1/messages/count_tokens", plain, fake.apiKey()).body());

    assertThat(first.get("cache_creation_input_tokens").asInt()).isEqualTo(104); // 417 / 4
    assertThat(first.at("/cache_creation/ephemeral_5m_input_tokens").asInt()).isEqualTo(104);
    assertThat(first.get("cache_read_input_tokens").asInt()).isZero();
    assertThat(first.get("input_tokens").asInt()).isEqualTo(6); // 441 / 4 - 104: only what follows the breakpoint
    assertThat(second.get("cache_creation_input_tokens").asInt()).isZero();
    assertThat(second.get("cache_read_input_tokens").asInt()).isEqualTo(104);
    assertThat(second.get("input_tokens").asInt()).isEqualTo(6);
    assertThat(third.get("cache_read_input_tokens").asInt()).isEqualTo(104);
    assertThat(third.get("cache_creation_input_tokens").asInt()).isEqualTo(6);
    assertThat(third.at("/cache_creation/ephemeral_1h_input_tokens").asInt()).isEqualTo(6);
    assertThat(third.at("/cache_creation/ephemeral_5m_input_tokens").asInt()).isZero();
    assertThat(third.get("input_tokens").asInt()).isZero();
    assertThat(otherModel.get("cache_creation_input_tokens").asInt()).isEqualTo(104); // caches are per model
    assertThat(counted).isEqualTo(JSON.readTree("{\"input_tokens\":110}"));
    assertThat(fake.lastRequest().path()).isEqualTo("/v1/messages/count_tokens");
  }

  // --- auth, validation, other endpoints ---

  @Test
  void auth_wrongOrMissingKeyGets401WithTheFixtureShape_missingVersion400() throws Exception {
    HttpResponse<String> wrong = post("/v1/messages", body("\"hi\"", ""), "sk-ant-wrong");
    HttpResponse<String> missing = post("/v1/messages", body("\"hi\"", ""), null);
    HttpResponse<String> noVersion = client.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/v1/messages"))
        .header("x-api-key", fake.apiKey()).POST(HttpRequest.BodyPublishers.ofString(body("\"hi\"", ""))).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(wrong.statusCode()).isEqualTo(401);
    JsonNode body = JSON.readTree(wrong.body());
    assertThat(keys(body)).isEqualTo(keys(fixture("error-401.json")));
    assertThat(body.get("type").asText()).isEqualTo("error");
    assertThat(body.at("/error/type").asText()).isEqualTo("authentication_error");
    assertThat(body.at("/error/message").asText()).isEqualTo("invalid x-api-key");
    assertThat(body.get("request_id").asText()).startsWith("req_");
    assertThat(wrong.headers().firstValue("request-id")).hasValue(body.get("request_id").asText());
    assertThat(wrong.body()).doesNotContain("sk-ant-wrong");
    assertThat(JSON.readTree(missing.body()).at("/error/message").asText()).isEqualTo("x-api-key header is required");
    assertThat(noVersion.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(noVersion.body()).get("error")).isEqualTo(JSON.readTree(
        "{\"type\":\"invalid_request_error\",\"message\":\"anthropic-version: header is required\"}"));
  }

  @Test
  void validation_rejectsWhatUpstreamRejects_withoutCountingTheModel() throws Exception {
    Map<String, String> cases = new HashMap<>();
    cases.put("{\"model\":\"invalid-1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
        "max_tokens: Field required");
    cases.put("{\"model\":\"invalid-1\",\"max_tokens\":10,\"messages\":[]}", "messages: at least one message is required");
    cases.put("{\"model\":\"invalid-1\",\"max_tokens\":10,\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]}",
        "messages.0.role: Input should be 'user' or 'assistant'");
    cases.put("{\"model\":\"invalid-1\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"a\"},"
        + "{\"role\":\"user\",\"content\":\"b\"}]}",
        "messages: roles must alternate between \"user\" and \"assistant\", but found multiple \"user\" roles in a row");
    cases.put("{\"model\":\"invalid-1\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":"
        + "[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_x\",\"content\":\"r\"}]}]}",
        "messages.0.content.0: unexpected `tool_use_id` found in `tool_result` blocks: toolu_x. Each `tool_result`"
            + " block must have a corresponding `tool_use` block in the previous message.");
    cases.put("{\"model\":\"invalid-1\",\"max_tokens\":1024,\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024},"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
        "`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at"
            + " https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size");
    cases.put("{not json", "invalid request: the request body is not valid JSON");

    for (Map.Entry<String, String> c : cases.entrySet()) {
      HttpResponse<String> response = messages(c.getKey());
      assertThat(response.statusCode()).as(c.getKey()).isEqualTo(400);
      JsonNode error = JSON.readTree(response.body());
      assertThat(error.at("/error/type").asText()).isEqualTo("invalid_request_error");
      assertThat(error.at("/error/message").asText()).as(c.getKey()).isEqualTo(c.getValue());
    }
    assertThat(fake.requestCount("invalid-1")).isZero();
  }

  @Test
  void models_unknownPath_andBaseUrlWithoutV1() throws Exception {
    HttpResponse<String> models = client.send(withHeaders(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/v1/models")),
        fake.apiKey()).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> unknown = post("/v1/complete", "{}", fake.apiKey());

    JsonNode list = JSON.readTree(models.body());
    assertThat(list.at("/data/0/type").asText()).isEqualTo("model");
    assertThat(list.findValuesAsText("id")).contains(MODEL);
    assertThat(list.get("has_more").asBoolean()).isFalse();
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(unknown.body()).at("/error/type").asText()).isEqualTo("not_found_error");
    assertThat(fake.baseUrl()).isEqualTo("http://127.0.0.1:" + fake.port());
  }

  // --- knobs ---

  @Test
  void errorKnobs_haveAnthropicBodies_and429ItsRetryAfter() throws Exception {
    HttpResponse<String> limited = messages(body("\"hi\"", "").replace(MODEL, "error-429"));
    HttpResponse<String> overloaded = messages(body("\"hi\"", "").replace(MODEL, "error-529"));
    HttpResponse<String> missing = messages(body("\"hi\"", "").replace(MODEL, "claude-error-404"));
    HttpResponse<String> tooLong = messages(body("\"hi\"", ",\"stream\":true").replace(MODEL, "claude-context-length"));

    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("retry-after")).hasValue("1");
    assertThat(JSON.readTree(limited.body()).at("/error/type").asText()).isEqualTo("rate_limit_error");
    assertThat(overloaded.statusCode()).isEqualTo(529);
    assertThat(JSON.readTree(overloaded.body()).get("error"))
        .isEqualTo(JSON.readTree("{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}"));
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(missing.body()).get("error"))
        .isEqualTo(JSON.readTree("{\"type\":\"not_found_error\",\"message\":\"model: claude-error-404\"}"));
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(tooLong.body()).at("/error/message").asText())
        .isEqualTo("prompt is too long: 208310 tokens > 200000 maximum");
  }

  @Test
  void midstreamError_sendsKDeltasThenTheOverloadedEvent_unaryIs529() throws Exception {
    String model = "chunks-5-midstream-error-3";
    HttpResponse<String> stream = messages(body("\"hi\"", ",\"stream\":true").replace(MODEL, model));
    HttpResponse<String> unary = messages(body("\"hi\"", "").replace(MODEL, model));

    assertThat(stream.statusCode()).isEqualTo(200);
    List<Event> events = events(stream.body());
    assertThat(types(events)).containsExactly("message_start", "content_block_start", "ping", "content_block_delta",
        "content_block_delta", "content_block_delta", "error");
    assertThat(text(events, 0)).isEqualTo("tok0 tok1 tok2 ");
    assertThat(events.get(events.size() - 1).data()).isEqualTo(events(fixtureText("stream-error-midstream.sse")).get(3).data());
    assertThat(unary.statusCode()).isEqualTo(529);
    Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> fake.openStreams() == 0);
  }

  @Test
  void inbandError_isTheOnlyEvent_emptyStreamHasNoContent() throws Exception {
    List<Event> inband = events(messages(body("\"hi\"", ",\"stream\":true").replace(MODEL, "demo/inband-error")).body());
    List<Event> empty = events(messages(body("\"hi\"", ",\"stream\":true").replace(MODEL, "empty-stream")).body());
    JsonNode emptyUnary = JSON.readTree(messages(body("\"hi\"", "").replace(MODEL, "empty-stream")).body());

    assertThat(types(inband)).containsExactly("error");
    assertThat(inband.get(0).data().at("/error/type").asText()).isEqualTo("overloaded_error");
    assertThat(types(empty)).containsExactly("message_start", "message_stop");
    assertThat(emptyUnary.get("content")).isEmpty();
    assertThat(emptyUnary.at("/usage/output_tokens").asInt()).isZero();
  }

  @Test
  void chunksAndGap_streamNumberedPiecesSpacedInTime() throws Exception {
    long started = System.nanoTime();
    List<Event> events = events(messages(body("\"hi\"", ",\"stream\":true").replace(MODEL, "demo/chunks-4-gap-30"))
        .body());
    long millis = (System.nanoTime() - started) / 1_000_000;

    assertGrammar(events);
    assertThat(text(events, 0)).isEqualTo("tok0 tok1 tok2 tok3 ");
    assertThat(events.get(events.size() - 2).data().at("/usage/output_tokens").asInt()).isEqualTo(4);
    assertThat(millis).isGreaterThanOrEqualTo((events.size() - 1) * 30L);
  }

  @Test
  void flaky429_failsFirst_thenAnswers_withTheShortRetryAfter() throws Exception {
    String request = body("\"hi\"", "").replace(MODEL, "flaky429-1-retry-after-300");

    HttpResponse<String> limited = messages(request);
    HttpResponse<String> then = messages(request);

    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("retry-after")).hasValue("1");
    assertThat(limited.headers().firstValue("retry-after-ms")).hasValue("300");
    assertThat(then.statusCode()).isEqualTo(200);
    assertThat(fake.requestCount("flaky429-1-retry-after-300")).isEqualTo(2);
  }

  @Test
  void dieAfter_resetsAfterKDeltas_truncateUnaryFails() throws Exception {
    String received = rawStream(fake, "chunks-5-die-after-2", /* stopAfterEvents= */ Integer.MAX_VALUE);

    assertThat(received).contains("200 OK").contains("tok1 ").doesNotContain("tok2 ")
        .doesNotContain("message_stop").doesNotEndWith("0\r\n\r\n");
    assertThatThrownBy(() -> messages(body("\"hi\"", "").replace(MODEL, "truncate")))
        .isInstanceOf(IOException.class);
  }

  @Test
  void stall_neverAnswers_stallMidstreamCountsTheHangUpAsCancelled() throws Exception {
    HttpRequest stalled = withHeaders(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/v1/messages")), fake.apiKey())
        .timeout(Duration.ofMillis(300))
        .POST(HttpRequest.BodyPublishers.ofString(body("\"hi\"", "").replace(MODEL, "stall")))
        .build();
    assertThatThrownBy(() -> client.send(stalled, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(HttpTimeoutException.class);

    int cancelledBefore = fake.cancelledStreams();
    String received = rawStream(fake, "stall-midstream", /* stopAfterEvents= */ 4);

    assertThat(received.split("event: ", -1)).hasSize(5); // start, block start, ping, one delta
    Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> fake.cancelledStreams() == cancelledBefore + 1);
    assertThat(fake.openStreams()).isZero();
  }

  @Test
  void ownVertx_anyKeyWhenNotRequired_failNext_andClearRequests() throws Exception {
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    try (FakeAnthropicProvider open = FakeAnthropicProvider.start(vertx, 0).requireApiKey(null)) {
      open.failNext(1, 503);
      HttpResponse<String> failed = client.send(HttpRequest.newBuilder(URI.create(open.baseUrl() + "/v1/messages"))
          .header("anthropic-version", FakeAnthropicProvider.API_VERSION)
          .POST(HttpRequest.BodyPublishers.ofString(body("\"hi\"", ""))).build(), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> ok = client.send(HttpRequest.newBuilder(URI.create(open.baseUrl() + "/v1/messages"))
          .header("anthropic-version", FakeAnthropicProvider.API_VERSION)
          .POST(HttpRequest.BodyPublishers.ofString(body("\"hi\"", ""))).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(failed.statusCode()).isEqualTo(503);
      assertThat(JSON.readTree(failed.body()).at("/error/type").asText()).isEqualTo("api_error");
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(open.requests()).hasSize(2);
      assertThat(open.requestCount(MODEL)).isEqualTo(2);
      open.clearRequests();
      assertThat(open.lastRequest()).isNull();
    } finally {
      vertx.close().await();
    }
  }

  // --- helpers ---

  /** One SSE event as received: its {@code event:} line and its parsed {@code data:} line. */
  private record Event(String name, JsonNode data) {}

  private static String body(String content, String extra) {
    return "{\"model\":\"" + MODEL + "\",\"max_tokens\":1024,\"messages\":[{\"role\":\"user\",\"content\":" + content
        + "}]" + extra + "}";
  }

  private static HttpResponse<String> messages(String body) throws IOException, InterruptedException {
    return post("/v1/messages", body, fake.apiKey());
  }

  private static HttpResponse<String> post(String path, String body, String key)
      throws IOException, InterruptedException {
    HttpRequest request = withHeaders(HttpRequest.newBuilder(URI.create(fake.baseUrl() + path)), key)
        .header("content-type", "application/json")
        .timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder withHeaders(HttpRequest.Builder builder, String key) {
    builder.header("anthropic-version", FakeAnthropicProvider.API_VERSION);
    return key == null ? builder : builder.header("x-api-key", key);
  }

  /** Parses a stream strictly: every event is exactly an {@code event:} line and a {@code data:} line. */
  private static List<Event> events(String sse) throws IOException {
    List<Event> events = new ArrayList<>();
    for (String block : sse.split("\n\n")) {
      if (block.isBlank()) {
        continue;
      }
      String[] lines = block.split("\n");
      assertThat(lines).as(block).hasSize(2);
      assertThat(lines[0]).startsWith("event: ");
      assertThat(lines[1]).startsWith("data: ");
      Event event = new Event(lines[0].substring("event: ".length()), JSON.readTree(lines[1].substring("data: ".length())));
      assertThat(event.data().get("type").asText()).as("event: line equals data.type").isEqualTo(event.name());
      events.add(event);
    }
    return events;
  }

  /**
   * The Messages stream grammar: {@code message_start} first; blocks indexed 0, 1, ... in order, never overlapping,
   * each delta inside its own block and of its block's kind; then {@code message_delta}, then {@code message_stop}.
   */
  private static void assertGrammar(List<Event> events) {
    assertThat(events.get(0).name()).isEqualTo("message_start");
    assertThat(events.get(events.size() - 2).name()).isEqualTo("message_delta");
    assertThat(events.get(events.size() - 1).name()).isEqualTo("message_stop");
    int nextIndex = 0;
    Integer open = null;
    String openType = null;
    for (Event event : events.subList(1, events.size() - 2)) {
      JsonNode data = event.data();
      switch (event.name()) {
        case "content_block_start" -> {
          assertThat(open).as("a block starts while another is open").isNull();
          assertThat(data.get("index").asInt()).isEqualTo(nextIndex);
          open = nextIndex++;
          openType = data.at("/content_block/type").asText();
        }
        case "content_block_delta" -> {
          assertThat(data.get("index").asInt()).isEqualTo(open);
          String deltaType = data.at("/delta/type").asText();
          switch (openType) {
            case "text" -> assertThat(deltaType).isEqualTo("text_delta");
            case "thinking" -> assertThat(deltaType).isIn("thinking_delta", "signature_delta");
            case "tool_use" -> assertThat(deltaType).isEqualTo("input_json_delta");
            default -> throw new AssertionError("unexpected block type " + openType);
          }
        }
        case "content_block_stop" -> {
          assertThat(data.get("index").asInt()).isEqualTo(open);
          open = null;
        }
        case "ping" -> { }
        default -> throw new AssertionError("unexpected event " + event.name());
      }
    }
    assertThat(open).as("a block left open").isNull();
    assertThat(nextIndex).isPositive();
  }

  private static List<String> types(List<Event> events) {
    return events.stream().map(Event::name).toList();
  }

  /** The text deltas of block {@code index}, joined. */
  private static String text(List<Event> events, int index) {
    StringBuilder text = new StringBuilder();
    for (Event event : events) {
      JsonNode data = event.data();
      if (data.at("/delta/type").asText().equals("text_delta") && data.get("index").asInt() == index) {
        text.append(data.at("/delta/text").asText());
      }
    }
    return text.toString();
  }

  /**
   * A streamed request over a raw socket, read until the server closes or {@code stopAfterEvents} events arrived,
   * then hung up: java.net.http gives no control over when its connection closes.
   */
  private static String rawStream(FakeAnthropicProvider provider, String model, int stopAfterEvents) throws IOException {
    String body = body("\"hi\"", ",\"stream\":true").replace(MODEL, model);
    try (Socket socket = new Socket("127.0.0.1", provider.port())) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: " + provider.apiKey()
          + "\r\nanthropic-version: 2023-06-01\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
          + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
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

  private static JsonNode fixture(String name) throws IOException {
    return JSON.readTree(fixtureText(name));
  }

  private static String fixtureText(String name) throws IOException {
    try (InputStream in = FakeAnthropicProviderTest.class.getResourceAsStream("/wire/anthropic/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Every field path in a JSON tree ({@code content[].text}), to compare shapes, not values. */
  private static TreeSet<String> keys(JsonNode node) {
    TreeSet<String> keys = new TreeSet<>();
    collectKeys(node, "", keys);
    return keys;
  }

  private static TreeSet<String> keysBesides(JsonNode node, String field) {
    com.fasterxml.jackson.databind.node.ObjectNode copy = node.deepCopy();
    copy.remove(field);
    return keys(copy);
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
