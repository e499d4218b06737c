package dev.sluice.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.model.UsageSource;
import dev.sluice.core.route.Capabilities;
import dev.sluice.core.route.FailureClass;
import dev.sluice.core.route.Strategy;
import dev.sluice.core.usage.AttemptRecord;
import dev.sluice.server.config.ModelAlias;
import dev.sluice.server.config.RoutingSettings;
import dev.sluice.server.e2e.DialectWire.Dialect;
import dev.sluice.server.e2e.DialectWire.Event;
import dev.sluice.testkit.RecordedRequest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Faults on the providers that need translation (Anthropic, Gemini, Bedrock, Cohere), seen end to end by
 * each caller dialect through raw HTTP: error statuses before any byte (with and without a fallback on
 * another protocol), in-band errors before and after content, a provider that never starts, a client that
 * hangs up mid-stream; and what translation must keep: prompt-cache markers, Anthropic passthrough byte
 * for byte, embeddings in OpenAI's shape. Every response is checked for the providers' credentials
 * ({@link DialectWire}). Timeouts are short (first event 500 ms, unary call and stream silence 1 s) so
 * faults end fast.
 */
class TranslationFaultsTest {
  private static final String REPLY = "Hello! How can I help you today?";
  static final List<String> PROVIDERS = List.of("anthropic", "gemini", "bedrock", "cohere");
  /** Each provider's fallback speaks another protocol, so a fallback is also a switch of translation. */
  private static final Map<String, String> PARTNER =
      Map.of("anthropic", "gemini", "gemini", "bedrock", "bedrock", "cohere", "cohere", "anthropic");
  private static final AtomicLong SEQ = new AtomicLong();
  /** The first-event deadline of a stream. */
  private static final Duration TTFT = Duration.ofMillis(500);
  /** A whole unary call, and the longest silence inside a stream. */
  private static final Duration ATTEMPT = Duration.ofMillis(1000);

  private static EveryProvider every;
  private static DialectWire wire;

  @BeforeAll
  static void start() {
    List<ModelAlias> aliases = new ArrayList<>();
    for (String p : PROVIDERS) {
      // A distinct failing deployment per alias: a failure changes the deployment's health (a 429 cools it
      // down), which must not leak from one test into another.
      for (int status : new int[] {500, 429}) {
        for (Dialect d : Dialect.values()) {
          for (String mode : List.of("unary", "stream")) {
            aliases.add(fallback(fallbackAlias(p, status, d, mode), p + "/model-error-" + status + "-" + d + "-" + mode));
          }
        }
      }
      for (Dialect d : Dialect.values()) {
        aliases.add(fallback("ib-" + p + "-" + d, p + "/model-inband-error-" + d));
        aliases.add(fallback("st-" + p + "-" + d, p + "/model-stall-" + d));
      }
    }
    RoutingSettings fast = new RoutingSettings(Duration.ofSeconds(1), ATTEMPT, TTFT).withRetries(0);
    every = new EveryProvider(aliases, fast);
    wire = new DialectWire(every.baseUrl(), every.key, every.providerSecrets());
  }

  @AfterAll
  static void stop() {
    if (every != null) {
      every.close();
    }
  }

  private static String fallbackAlias(String provider, int status, Dialect dialect, String mode) {
    return "fb-" + provider + "-" + status + "-" + dialect + "-" + mode;
  }

  /** The failing deployment first, then the partner provider's plain model. */
  private static ModelAlias fallback(String name, String failing) {
    String partner = PARTNER.get(failing.substring(0, failing.indexOf('/')));
    return new ModelAlias(name, Strategy.PRIORITY, List.of(
        new ModelAlias.Deployment(failing, 1, 0, null, Capabilities.ALL, false, null, null, null),
        new ModelAlias.Deployment(partner + "/model-a", 1, 1, null, Capabilities.ALL, false, null, null, null)),
        List.of(), false);
  }

  /** A model name no other call uses (its own ledger records and health); the fakes ignore the suffix. */
  private static String unique(String model) {
    return model + "-t" + SEQ.incrementAndGet();
  }

  /** Waits for the request's records (they are written as its attempts end) and returns them in order. */
  private static List<AttemptRecord> records(String requestId, int expected) {
    Awaitility.await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(20))
        .until(() -> every.records.stream().filter(r -> r.requestId().equals(requestId)).count() >= expected);
    List<AttemptRecord> mine = every.records.stream().filter(r -> r.requestId().equals(requestId))
        .sorted(Comparator.comparingInt(AttemptRecord::attempt)).toList();
    assertThat(mine).as("records of " + requestId).hasSize(expected);
    return mine;
  }

  private static String requestId(HttpResponse<?> response) {
    return response.headers().firstValue("x-request-id").orElseThrow();
  }

  static Stream<Arguments> providerStatusDialectMode() {
    List<Arguments> out = new ArrayList<>();
    for (String p : PROVIDERS) {
      for (int status : new int[] {500, 429}) {
        for (Dialect d : Dialect.values()) {
          out.add(Arguments.of(p, status, d, false));
          out.add(Arguments.of(p, status, d, true));
        }
      }
    }
    return out.stream();
  }

  static Stream<Arguments> providerDialect() {
    return PROVIDERS.stream().flatMap(p -> Stream.of(Dialect.values()).map(d -> Arguments.of(p, d)));
  }

  // 1. An error status before any byte.

  @ParameterizedTest(name = "{0} HTTP {1} -> fallback, {2} caller, stream={3}")
  @MethodSource("providerStatusDialectMode")
  void anErrorStatusFallsBackToAnotherProtocol(String provider, int status, Dialect dialect, boolean stream) {
    String alias = fallbackAlias(provider, status, dialect, stream ? "stream" : "unary");
    String body = dialect.body(alias, "Hi there", stream);
    String requestId;
    if (stream) {
      DialectWire.Stream s = wire.stream(dialect, body);
      assertThat(s.response().statusCode()).as(s.raw()).isEqualTo(200);
      assertThat(dialect.text(s.events())).isEqualTo(REPLY);
      DialectWire.assertNoErrorEvent(s);
      requestId = s.requestId();
      assertThat(s.response().headers().firstValue("x-sluice-provider")).hasValue(PARTNER.get(provider));
    } else {
      HttpResponse<String> r = wire.post(dialect, body);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(dialect.text(DialectWire.parse(r.body()))).isEqualTo(REPLY);
      requestId = requestId(r);
      assertThat(r.headers().firstValue("x-sluice-provider")).hasValue(PARTNER.get(provider));
      assertThat(r.headers().firstValue("x-sluice-attempts")).hasValue("2");
    }
    List<AttemptRecord> records = records(requestId, 2);
    AttemptRecord failed = records.get(0);
    assertThat(failed.provider()).isEqualTo(provider);
    assertThat(failed.outcome()).isEqualTo(AttemptRecord.Outcome.FAILED);
    assertThat(failed.status()).isEqualTo(status == 429 ? 429 : 502);
    assertThat(failed.failure()).isEqualTo(status == 429 ? FailureClass.RATE_LIMITED : FailureClass.SERVER_ERROR);
    assertThat(failed.usage().outputTokens()).isZero();
    AttemptRecord served = records.get(1);
    assertThat(served.provider()).isEqualTo(PARTNER.get(provider));
    assertThat(served.outcome()).isEqualTo(AttemptRecord.Outcome.SERVED);
    assertThat(served.usage().outputTokens()).isPositive();
  }

  @ParameterizedTest(name = "{0} HTTP {1}, no fallback, {2} caller, stream={3}")
  @MethodSource("providerStatusDialectMode")
  void anErrorStatusWithoutFallbackIsTheCallersErrorObject(String provider, int status, Dialect dialect,
      boolean stream) {
    String model = unique(provider + "/model-error-" + status);
    HttpResponse<String> r = wire.post(dialect, dialect.body(model, "Hi there", stream));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status == 429 ? 429 : 502);
    assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith(
        "application/json"));
    String message = status == 429 ? dialect.assertErrorBody(r.body(), "rate_limit_error", "rate_limit_error")
        : dialect.assertErrorBody(r.body(), "api_error", "api_error");
    assertThat(message).contains(provider);
    if (status == 429) {
      // Bedrock sends no Retry-After; the others do (1 s), and the caller must get it.
      if (provider.equals("bedrock")) {
        assertThat(r.headers().firstValue("retry-after")).isEmpty();
      } else {
        assertThat(r.headers().firstValue("retry-after")).hasValue("1");
      }
    }
    AttemptRecord record = records(requestId(r), 1).get(0);
    assertThat(record.outcome()).isEqualTo(AttemptRecord.Outcome.FAILED);
    assertThat(record.status()).isEqualTo(r.statusCode());
  }

  // 2. An in-band error after content went out.

  @ParameterizedTest(name = "{0} midstream-error-2, {1} caller")
  @MethodSource("providerDialect")
  void anInBandErrorAfterContentEndsTheStreamWithTheDialectsErrorEvent(String provider, Dialect dialect) {
    String model = unique(provider + "/model-midstream-error-2");
    DialectWire.Stream s = wire.stream(dialect, dialect.body(model, "Hi there", true));
    assertThat(s.response().statusCode()).as(s.raw()).isEqualTo(200);
    String partial = dialect.text(s.events());
    assertThat(partial).as(s.raw()).isNotEmpty();
    assertThat(REPLY).startsWith(partial);
    assertThat(partial.length()).isLessThan(REPLY.length());
    dialect.assertEndsWithInBandError(s);
    AttemptRecord record = records(s.requestId(), 1).get(0);
    assertThat(record.outcome()).isEqualTo(AttemptRecord.Outcome.FAILED);
    assertThat(record.failure()).isEqualTo(FailureClass.MID_STREAM);
    assertThat(record.status()).isEqualTo(502);
    // Content reached the client, so the attempt is accounted: reported usage or an estimate, never nothing.
    assertThat(record.usage().source()).isNotEqualTo(UsageSource.MISSING);
    assertThat(record.usage().inputTokens()).isPositive();
    assertThat(record.usage().outputTokens()).isPositive();
  }

  // 3. An in-band error before any content, with a fallback.

  @ParameterizedTest(name = "{0} inband-error -> fallback, {1} caller")
  @MethodSource("providerDialect")
  void anInBandErrorBeforeContentFallsBackUnseen(String provider, Dialect dialect) {
    DialectWire.Stream s = wire.stream(dialect, dialect.body("ib-" + provider + "-" + dialect, "Hi there", true));
    assertThat(s.response().statusCode()).as(s.raw()).isEqualTo(200);
    assertThat(dialect.text(s.events())).isEqualTo(REPLY);
    DialectWire.assertNoErrorEvent(s);
    assertThat(s.raw()).doesNotContain("Overloaded");
    switch (dialect) {
      case OPENAI -> assertThat(s.raw()).containsOnlyOnce("data: [DONE]");
      case ANTHROPIC -> assertThat(s.names()).containsOnlyOnce("message_start", "message_stop");
      case RESPONSES -> assertThat(s.names()).containsOnlyOnce("response.created", "response.completed");
    }
    assertThat(s.response().headers().firstValue("x-sluice-provider")).hasValue(PARTNER.get(provider));
    List<AttemptRecord> records = records(s.requestId(), 2);
    assertThat(records.get(0).provider()).isEqualTo(provider);
    assertThat(records.get(0).outcome()).isEqualTo(AttemptRecord.Outcome.FAILED);
    assertThat(records.get(0).failure()).isEqualTo(FailureClass.INBAND_ERROR);
    assertThat(records.get(1).provider()).isEqualTo(PARTNER.get(provider));
    assertThat(records.get(1).outcome()).isEqualTo(AttemptRecord.Outcome.SERVED);
  }

  // 4. No first event in time. The callers wait for deadlines, so each provider's calls run side by side.

  @ParameterizedTest(name = "{0} stall -> 504 in every dialect")
  @FieldSource("PROVIDERS")
  void aProviderThatNeverStartsIsA504InTheCallersDialect(String provider) {
    Map<String, CompletableFuture<DialectWire.Timed>> calls = new LinkedHashMap<>();
    for (Dialect dialect : Dialect.values()) {
      for (boolean stream : new boolean[] {true, false}) {
        String model = unique(provider + "/model-stall");
        calls.put(dialect + (stream ? " stream" : " unary"), wire.postAsync(dialect, dialect.body(model, "Hi", stream)));
      }
    }
    calls.forEach((name, call) -> {
      Dialect dialect = Dialect.valueOf(name.substring(0, name.indexOf(' ')).toUpperCase(Locale.ROOT));
      boolean stream = name.endsWith("stream");
      DialectWire.Timed timed = call.join();
      HttpResponse<String> r = timed.response();
      assertThat(r.statusCode()).as(name + ": " + r.body()).isEqualTo(504);
      dialect.assertErrorBody(r.body(), "timeout_error", "timeout_error");
      // A stream gives up at the first-event deadline, well before the attempt timeout a unary call waits.
      if (stream) {
        assertThat(timed.millis()).as(name).isBetween(TTFT.toMillis() - 50, ATTEMPT.toMillis() - 50);
      } else {
        assertThat(timed.millis()).as(name).isBetween(ATTEMPT.toMillis() - 50, ATTEMPT.toMillis() + 1000);
      }
      AttemptRecord record = records(requestId(r), 1).get(0);
      assertThat(record.failure()).as(name).isEqualTo(FailureClass.TIMEOUT);
      assertThat(record.status()).as(name).isEqualTo(504);
    });
  }

  @ParameterizedTest(name = "{0} stall -> fallback in every dialect")
  @FieldSource("PROVIDERS")
  void aProviderThatNeverStartsFallsBack(String provider) {
    Map<Dialect, CompletableFuture<DialectWire.Timed>> calls = new LinkedHashMap<>();
    for (Dialect dialect : Dialect.values()) {
      calls.put(dialect, wire.postAsync(dialect, dialect.body("st-" + provider + "-" + dialect, "Hi there", true)));
    }
    calls.forEach((dialect, call) -> {
      DialectWire.Timed timed = call.join();
      HttpResponse<String> r = timed.response();
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith(
          "text/event-stream"));
      DialectWire.Stream s = DialectWire.parseSse(r, r.body());
      assertThat(dialect.text(s.events())).isEqualTo(REPLY);
      DialectWire.assertNoErrorEvent(s);
      // Waited for the first-event deadline, then the fallback answered at once.
      assertThat(timed.millis()).isBetween(TTFT.toMillis() - 50, ATTEMPT.toMillis() + 500);
      List<AttemptRecord> records = records(s.requestId(), 2);
      assertThat(records.get(0).failure()).isEqualTo(FailureClass.TIMEOUT);
      assertThat(records.get(0).status()).isEqualTo(504);
      assertThat(records.get(1).outcome()).isEqualTo(AttemptRecord.Outcome.SERVED);
      assertThat(records.get(1).provider()).isEqualTo(PARTNER.get(provider));
    });
  }

  // 5. The client hangs up mid-stream.

  @ParameterizedTest(name = "{0} client gone, {1} caller")
  @MethodSource("providerDialect")
  void aClientThatHangsUpCancelsTheUpstreamStream(String provider, Dialect dialect) {
    IntSupplier cancelled = switch (provider) {
      case "anthropic" -> every.anthropic::cancelledStreams;
      case "gemini" -> every.gemini::cancelledStreams;
      case "bedrock" -> every.bedrock::cancelledStreams;
      default -> every.cohere::cancelledStreams;
    };
    IntSupplier open = switch (provider) {
      case "anthropic" -> every.anthropic::openStreams;
      case "gemini" -> every.gemini::openStreams;
      case "bedrock" -> every.bedrock::openStreams;
      default -> every.cohere::openStreams;
    };
    int cancelledBefore = cancelled.getAsInt();
    String model = unique(provider + "/model-chunks-50-gap-50");
    // 50 pieces 50 ms apart: 2.5 s of stream; the client reads 3 of them and goes.
    DialectWire.Stream s = wire.streamUntil(dialect.path, dialect.body(model, "Hi there", true), dialect.auth(every.key),
        dialect::isContent, 3);
    assertThat(s.response().statusCode()).isEqualTo(200);
    assertThat(dialect.text(s.events())).isEqualTo("tok0 tok1 tok2 ");
    Awaitility.await().atMost(Duration.ofMillis(1500)).pollInterval(Duration.ofMillis(20))
        .until(() -> cancelled.getAsInt() > cancelledBefore && open.getAsInt() == 0);
    AttemptRecord record = records(s.requestId(), 1).get(0);
    assertThat(record.outcome()).isEqualTo(AttemptRecord.Outcome.CLIENT_GONE);
    assertThat(record.status()).isEqualTo(499);
    assertThat(record.usage().source()).isNotEqualTo(UsageSource.MISSING);
    assertThat(record.usage().outputTokens()).isPositive();
    assertThat(record.usage().outputTokens()).isLessThan(50); // what streamed before the hang-up, not the whole answer
  }

  // 8. Prompt-cache markers.

  private static String cachedBody(String model, boolean stream) {
    return "{\"model\":\"" + model + "\",\"max_tokens\":128,\"stream\":" + stream + ","
        + "\"system\":[{\"type\":\"text\",\"text\":\"You answer briefly and politely, always.\","
        + "\"cache_control\":{\"type\":\"ephemeral\"}}],"
        + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi there\","
        + "\"cache_control\":{\"type\":\"ephemeral\"}}]}]}";
  }

  @Test
  void cacheControlAndAnthropicBetaReachTheAnthropicProvider() {
    String model = unique("anthropic/model-cache");
    Map<String, String> headers = Map.of("x-api-key", every.key, "anthropic-version", "2023-06-01",
        "anthropic-beta", "prompt-caching-2024-07-31,extended-cache-ttl-2025-04-11");
    HttpResponse<String> r = wire.post("/v1/messages", cachedBody(model, false), headers);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("x-sluice-warning")).isEmpty();
    RecordedRequest received = every.anthropic.lastRequest();
    JsonNode upstream = received.json();
    assertThat(upstream.path("model").asText()).isEqualTo(model.substring("anthropic/".length()));
    assertThat(upstream.at("/system/0/cache_control/type").asText()).isEqualTo("ephemeral");
    assertThat(upstream.at("/messages/0/content/0/cache_control/type").asText()).isEqualTo("ephemeral");
    assertThat(received.header("anthropic-beta")).isEqualTo("prompt-caching-2024-07-31,extended-cache-ttl-2025-04-11");
    assertThat(received.header("anthropic-version")).isEqualTo("2023-06-01");
    // The fake's prompt cache saw the markers: the first request writes the whole prompt to the cache.
    assertThat(DialectWire.parse(r.body()).at("/usage/cache_creation_input_tokens").asLong()).isPositive();
  }

  @Test
  void cacheControlBecomesABedrockCachePoint() {
    HttpResponse<String> r = wire.post("/v1/messages", cachedBody(unique("bedrock/model-cache"), false),
        Dialect.ANTHROPIC.auth(every.key));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("x-sluice-warning")).isEmpty();
    assertThat(every.bedrock.lastRequest().body()).contains("cachePoint");
  }

  @ParameterizedTest(name = "cache_control dropped on {0}")
  @FieldSource("DROPPING")
  void cacheControlOnAProviderWithoutItIsDroppedWithAWarning(String provider) {
    for (boolean stream : new boolean[] {false, true}) {
      String body = cachedBody(unique(provider + "/model-cache"), stream);
      HttpResponse<?> response;
      String text;
      if (stream) {
        DialectWire.Stream s = wire.stream(Dialect.ANTHROPIC, body);
        response = s.response();
        text = Dialect.ANTHROPIC.text(s.events());
      } else {
        HttpResponse<String> r = wire.post(Dialect.ANTHROPIC, body);
        response = r;
        text = r.statusCode() == 200 ? Dialect.ANTHROPIC.text(DialectWire.parse(r.body())) : r.body();
      }
      assertThat(response.statusCode()).as(text).isEqualTo(200);
      assertThat(text).isEqualTo(REPLY);
      assertThat(response.headers().firstValue("x-sluice-warning"))
          .hasValueSatisfying(w -> assertThat(w).contains("cache_control").contains(provider));
      RecordedRequest received = provider.equals("gemini") ? every.gemini.lastRequest() : every.cohere.lastRequest();
      assertThat(received.body()).doesNotContain("cache_control").contains("You answer briefly");
    }
  }

  static final List<String> DROPPING = List.of("gemini", "cohere");

  // 9. Anthropic to Anthropic: passthrough, byte for byte.

  private static final String ODD_BODY = "{ \"max_tokens\" : 300 ,\n  \"messages\":[{\"role\":\"user\",\"content\":"
      + "[{\"type\":\"text\",\"text\":\"Gr\\u00fc\\u00dfe, \\\"quoted\\\" \u00e9\"}]}],\n"
      + "  \"model\" :  \"%s\" , \"temperature\":0.25, \"metadata\":{\"user_id\":\"u-42\"},"
      + " \"stop_sequences\":[\"\\n\\nHuman:\"], \"stream\": %s }";

  /** The fake's own answer to the same body, asked directly (no gateway). */
  private static HttpResponse<String> direct(String upstreamModel, boolean stream) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(every.anthropic.baseUrl() + "/v1/messages"))
        .timeout(DialectWire.TIMEOUT)
        .header("content-type", "application/json").header("x-api-key", every.anthropic.apiKey())
        .header("anthropic-version", "2023-06-01")
        .POST(HttpRequest.BodyPublishers.ofString(ODD_BODY.formatted(upstreamModel, stream))).build();
    return Http.send(request);
  }

  /** Message ids are random per answer; everything else the fake sends is deterministic. */
  private static String sameIds(String text) {
    return text.replaceAll("msg_[A-Za-z0-9]+", "msg_X");
  }

  @Test
  void anthropicPassthroughRelaysTheProvidersStreamUnchanged() {
    String upstreamModel = unique("model-fidelity-stream");
    String clientBody = ODD_BODY.formatted("anthropic/" + upstreamModel, true);
    DialectWire.Stream s = wire.stream("/v1/messages", clientBody, Dialect.ANTHROPIC.auth(every.key));
    assertThat(s.response().statusCode()).as(s.raw()).isEqualTo(200);
    // The fake got the client's bytes, only the model renamed.
    assertThat(every.anthropic.lastRequest().body()).isEqualTo(ODD_BODY.formatted(upstreamModel, true));

    HttpResponse<String> fromFake = direct(upstreamModel, true);
    List<Event> expected = new ArrayList<>();
    DialectWire.Stream parsed = DialectWire.parseSse(fromFake, fromFake.body());
    expected.addAll(parsed.events());
    assertThat(expected).isNotEmpty();
    assertThat(s.names()).isEqualTo(parsed.names());
    for (int i = 0; i < expected.size(); i++) {
      assertThat(sameIds(s.events().get(i).data())).isEqualTo(sameIds(expected.get(i).data()));
    }
    assertThat(s.events().get(0).data()).contains("\"model\":\"" + upstreamModel + "\"").containsPattern("msg_\\w+");
  }

  @Test
  void anthropicPassthroughRelaysTheProvidersAnswerUnchanged() {
    String upstreamModel = unique("model-fidelity-unary");
    String clientBody = ODD_BODY.formatted("anthropic/" + upstreamModel, false);
    HttpResponse<String> r = wire.post("/v1/messages", clientBody, Dialect.ANTHROPIC.auth(every.key));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(every.anthropic.lastRequest().body()).isEqualTo(ODD_BODY.formatted(upstreamModel, false));
    HttpResponse<String> fromFake = direct(upstreamModel, false);
    assertThat(sameIds(r.body())).isEqualTo(sameIds(fromFake.body()));
  }

  // 10. Embeddings on providers of other protocols.

  @ParameterizedTest(name = "embeddings on {0}")
  @FieldSource("DROPPING")
  void embeddingsComeBackInOpenAisShape(String provider) {
    String model = unique(provider + "/embed-model");
    List<String> inputs = List.of("the quick brown fox", "jumps over the lazy dog");
    String input = "[" + DialectWire.quote(inputs.get(0)) + "," + DialectWire.quote(inputs.get(1)) + "]";
    HttpResponse<String> floats = wire.post("/v1/embeddings", "{\"model\":\"" + model + "\",\"input\":" + input
        + ",\"encoding_format\":\"float\"}", Dialect.OPENAI.auth(every.key));
    HttpResponse<String> base64 = wire.post("/v1/embeddings", "{\"model\":\"" + model + "\",\"input\":" + input
        + ",\"encoding_format\":\"base64\"}", Dialect.OPENAI.auth(every.key));
    assertThat(floats.statusCode()).as(floats.body()).isEqualTo(200);
    assertThat(base64.statusCode()).as(base64.body()).isEqualTo(200);
    JsonNode f = DialectWire.parse(floats.body());
    JsonNode b = DialectWire.parse(base64.body());
    for (JsonNode answer : List.of(f, b)) {
      assertThat(answer.path("object").asText()).isEqualTo("list");
      assertThat(answer.path("model").asText()).isEqualTo(model);
      assertThat(answer.path("data")).hasSize(2);
      for (int i = 0; i < 2; i++) {
        assertThat(answer.at("/data/" + i + "/object").asText()).isEqualTo("embedding");
        assertThat(answer.at("/data/" + i + "/index").asInt()).isEqualTo(i);
      }
    }
    for (int i = 0; i < 2; i++) {
      JsonNode values = f.at("/data/" + i + "/embedding");
      assertThat(values.isArray()).isTrue();
      float[] fromFloats = new float[values.size()];
      for (int k = 0; k < fromFloats.length; k++) {
        assertThat(values.get(k).isNumber()).isTrue();
        fromFloats[k] = values.get(k).floatValue();
      }
      assertThat(fromFloats.length).isPositive();
      double norm = 0;
      for (float v : fromFloats) {
        norm += v * v;
      }
      assertThat(Math.sqrt(norm)).isCloseTo(1.0, within(1e-3)); // the fakes' vectors are unit vectors
      String encoded = b.at("/data/" + i + "/embedding").asText();
      ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(encoded)).order(ByteOrder.LITTLE_ENDIAN);
      float[] fromBase64 = new float[bytes.remaining() / 4];
      for (int k = 0; k < fromBase64.length; k++) {
        fromBase64[k] = bytes.getFloat();
      }
      assertThat(fromBase64).containsExactly(fromFloats);
    }
    assertThat(f.at("/data/0/embedding")).isNotEqualTo(f.at("/data/1/embedding"));
    String upstream = provider.equals("gemini") ? every.gemini.lastRequest().body() : every.cohere.lastRequest().body();
    assertThat(upstream).contains(inputs.get(0)).contains(inputs.get(1));

    for (HttpResponse<String> r : List.of(floats, base64)) {
      AttemptRecord record = records(requestId(r), 1).get(0);
      assertThat(record.outcome()).isEqualTo(AttemptRecord.Outcome.SERVED);
      assertThat(record.provider()).isEqualTo(provider);
      assertThat(record.streamed()).isFalse();
      // Embeddings read input only: the ledger counts input tokens (reported, or estimated), no output.
      assertThat(record.usage().inputTokens()).isPositive();
      assertThat(record.usage().outputTokens()).isZero();
      if (provider.equals("cohere")) { // Cohere reports billed input tokens; the caller sees the same number
        assertThat(record.usage().source()).isEqualTo(UsageSource.REPORTED);
        assertThat(DialectWire.parse(r.body()).at("/usage/prompt_tokens").asLong())
            .isEqualTo(record.usage().inputTokens());
      }
    }
  }
}
