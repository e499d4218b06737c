package dev.sluice.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.route.Capabilities;
import dev.sluice.core.route.CircuitSettings;
import dev.sluice.core.route.ProviderPreferences;
import dev.sluice.core.route.Strategy;
import dev.sluice.core.usage.AttemptRecord;
import dev.sluice.server.config.ModelAlias;
import dev.sluice.server.config.RoutingSettings;
import dev.sluice.server.e2e.DialectWire.Dialect;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RELIABILITY.md A5 #25-#28 and #30 as one table: each upstream fault of the testkit fakes (a closed port, no
 * headers, a stall mid-stream, a truncated body, malformed SSE, an HTML 200, 429 with and without Retry-After,
 * a 5xx burst then recovery, a context-length 400, a slow trickle, a huge answer) against each caller shape
 * (OpenAI unary and stream, Anthropic {@code /v1/messages} unary and stream). Every row asserts the outcome the
 * caller gets in its own dialect (status and error type, or the in-band error once the stream is committed) and
 * the core invariant: exactly one ledger row per attempt, and as many attempts as the provider saw.
 *
 * <p>Routing: one retry on the same deployment (two attempts at most), attempt timeout (and stream silence)
 * 800 ms, first event 400 ms, total deadline 2.5 s. Each call uses a model name of its own, so a failure's
 * effect on deployment health (a cool-down, a breaker) cannot leak into another row.
 */
class UpstreamFaultMatrixTest {
  private static final String REPLY = "Hello! How can I help you today?";
  private static final Duration ATTEMPT = Duration.ofMillis(800);
  private static final Duration TTFT = Duration.ofMillis(400);
  private static final Duration TOTAL = Duration.ofMillis(2500);
  private static final AtomicLong SEQ = new AtomicLong();
  private static FaultFixture fx;

  @BeforeAll
  static void start() {
    RoutingSettings routing = new RoutingSettings(Duration.ofSeconds(1), ATTEMPT, TTFT, 1, Duration.ofMillis(20),
        Duration.ofMillis(100), TOTAL, Duration.ofSeconds(30), CircuitSettings.DEFAULTS, null,
        ProviderPreferences.NONE, null);
    fx = new FaultFixture(List.of(), routing);
  }

  @AfterAll
  static void stop() {
    if (fx != null) {
      fx.close();
    }
  }

  /** A caller: its dialect and whether it streams. */
  enum Caller {
    OPENAI_UNARY(Dialect.OPENAI, false), OPENAI_STREAM(Dialect.OPENAI, true),
    ANTHROPIC_UNARY(Dialect.ANTHROPIC, false), ANTHROPIC_STREAM(Dialect.ANTHROPIC, true);

    final Dialect dialect;
    final boolean stream;

    Caller(Dialect dialect, boolean stream) {
      this.dialect = dialect;
      this.stream = stream;
    }
  }

  /**
   * What the caller must get: {@code status} 200 with the whole answer ({@code inBand} false), 200 then the
   * dialect's in-band error ({@code inBand} true), or an error status with its error object. {@code attempts}:
   * upstream attempts, each one ledger row.
   */
  record Expect(int status, boolean inBand, int attempts) {
    static Expect ok(int attempts) {
      return new Expect(200, false, attempts);
    }

    static Expect inBand(int attempts) {
      return new Expect(200, true, attempts);
    }

    static Expect error(int status, int attempts) {
      return new Expect(status, false, attempts);
    }
  }

  /**
   * One fault: the model to ask for (provider/knobs), what unary and streaming callers must get, and how to
   * count what the provider saw (-1: nothing listens, so it saw nothing and the gateway's count is checked).
   */
  record Row(String name, String model, Expect unary, Expect stream, String provider) {
    Expect expect(Caller c) {
      return c.stream ? stream : unary;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static final List<Row> ROWS = List.of(
      // #25 connect refused: nothing was sent, so retrying is safe; both attempts fail fast.
      new Row("connect refused", "dead/gpt-4o-mini", Expect.error(502, 2), Expect.error(502, 2), "dead"),
      // #26 no response headers: retried (nothing went downstream), then 504.
      new Row("stall before headers", "openai/m-stall", Expect.error(504, 2), Expect.error(504, 2), "openai"),
      // #27 stalls after the first events: committed, so an in-band error after the silence bound, no retry.
      new Row("stall mid-stream", "openai/m-stall-midstream", Expect.ok(1), Expect.inBand(1), "openai"),
      // #27 upstream closes without the end: never a clean 200 + EOF.
      new Row("truncated", "openai/m-truncate", Expect.error(502, 2), Expect.inBand(1), "openai"),
      // #29: half a JSON body / half an SSE event (the 2nd, before any content): a clean 502, retried once.
      new Row("malformed", "openai/m-malformed-sse", Expect.error(502, 2), Expect.error(502, 2), "openai"),
      new Row("wrong content-type", "openai/m-wrong-content-type", Expect.error(502, 2), Expect.error(502, 2),
          "openai"),
      // #28 429 storm: Retry-After honoured once, then the caller gets the 429.
      new Row("429 with Retry-After", "openai/m-error-429-retry-after-200", Expect.error(429, 2),
          Expect.error(429, 2), "openai"),
      new Row("429 without Retry-After", "bedrock/m-error-429", Expect.error(429, 2), Expect.error(429, 2),
          "bedrock"),
      // #28 5xx burst then recovery.
      new Row("5xx burst then recovery", "openai/m-flaky-1", Expect.ok(2), Expect.ok(2), "openai"),
      // #28 a caller 4xx is never retried.
      new Row("400 context length", "openai/m-context-length", Expect.error(400, 1), Expect.error(400, 1), "openai"),
      // A slow trickle: events 300 ms apart for 1.5 s, longer than the 800 ms attempt bound: not cut while it flows.
      new Row("slow trickle", "openai/m-chunks-2-gap-300", Expect.ok(1), Expect.ok(1), "openai"),
      // ...but bounded: events 200 ms apart for 4.6 s pass the 2.5 s total deadline, and the stream ends with an error.
      new Row("trickle past the total deadline", "openai/m-chunks-20-gap-200", Expect.ok(1), Expect.inBand(1),
          "openai"),
      // A huge answer: 3,000 pieces (3,000 events; 20 KB of text) relayed whole.
      new Row("huge response", "openai/m-chunks-3000", Expect.ok(1), Expect.ok(1), "openai"));

  static Stream<Arguments> matrix() {
    List<Arguments> out = new ArrayList<>();
    for (Row row : ROWS) {
      for (Caller caller : Caller.values()) {
        out.add(Arguments.of(row, caller));
      }
    }
    return out.stream();
  }

  private static String unique(String model) {
    return model + "-t" + SEQ.incrementAndGet();
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("matrix")
  void eachFaultGivesADefinedOutcomeAndOneLedgerRowPerAttempt(Row row, Caller caller) {
    String model = unique(row.model());
    Expect expect = row.expect(caller);
    Dialect d = caller.dialect;
    long start = System.nanoTime();
    DialectWire.Stream s = fx.wire.stream(d, d.body(model, "Hi there", caller.stream));
    long millis = (System.nanoTime() - start) / 1_000_000;
    HttpResponse<?> r = s.response();
    assertThat(r.statusCode()).as(s.raw()).isEqualTo(expect.status());
    if (expect.status() != 200) {
      assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith(
          "application/json"));
      ErrorKinds.assertDialectError(d, expect.status(), s.raw().strip());
    } else if (expect.inBand()) {
      assertThat(caller.stream).isTrue();
      d.assertEndsWithInBandError(s);
    } else if (caller.stream) {
      DialectWire.assertNoErrorEvent(s);
      assertThat(d.text(s.events())).isEqualTo(expectedText(row));
      if (d == Dialect.OPENAI) {
        assertThat(s.raw()).containsOnlyOnce("data: [DONE]");
      } else {
        assertThat(s.names()).containsOnlyOnce("message_start", "message_stop");
      }
    } else {
      assertThat(d.text(DialectWire.parse(s.raw().strip()))).isEqualTo(expectedText(row));
    }
    assertThat(r.headers().firstValue("x-sluice-attempts")).hasValue(String.valueOf(expect.attempts()));
    // Bounded by the timeouts: nothing in this table may take longer than the total deadline plus slack.
    assertThat(millis).as("took").isLessThan(TOTAL.toMillis() + 1500);

    String requestId = s.requestId();
    fx.assertOneRowPerAttempt(requestId, expect.attempts());
    assertThat(providerCount(row, model)).as("requests the provider saw")
        .isEqualTo(row.provider().equals("dead") ? 0 : expect.attempts());
    List<AttemptRecord> records = fx.records(requestId, expect.attempts());
    AttemptRecord last = records.get(records.size() - 1);
    if (expect.status() == 200 && !expect.inBand()) {
      assertThat(last.outcome()).isEqualTo(AttemptRecord.Outcome.SERVED);
      assertThat(last.usage().outputTokens()).isPositive();
    } else {
      assertThat(last.outcome()).isEqualTo(AttemptRecord.Outcome.FAILED);
    }
    records.subList(0, records.size() - 1)
        .forEach(earlier -> assertThat(earlier.outcome()).isEqualTo(AttemptRecord.Outcome.FAILED));
  }

  private static String expectedText(Row row) {
    if (row.model().contains("chunks-")) {
      int n = Integer.parseInt(row.model().replaceAll(".*chunks-(\\d+).*", "$1"));
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < n; i++) {
        text.append("tok").append(i).append(' ');
      }
      return text.toString();
    }
    return REPLY;
  }

  private static int providerCount(Row row, String model) {
    String upstream = model.substring(model.indexOf('/') + 1);
    ToIntFunction<String> count = switch (row.provider()) {
      case "openai" -> fx.openai::requestCount;
      case "bedrock" -> fx.bedrock::requestCount;
      default -> m -> 0;
    };
    return count.applyAsInt(upstream);
  }

  /**
   * #30: every host of a model answers 503. Attempts are capped (one retry per deployment, so 2 x 2), each is one
   * ledger row, and once the breakers are open the next request is a fast 503 in the caller's dialect with no
   * upstream call and no ledger row.
   */
  @Test
  void allHostsFailingIsCappedThenAFast503() {
    String h1 = "h1-error-503-" + SEQ.incrementAndGet();
    String h2 = "h2-error-503-" + SEQ.incrementAndGet();
    ModelAlias all = new ModelAlias("all-down", Strategy.PRIORITY, List.of(
        new ModelAlias.Deployment("openai/" + h1, 1, 0, null, Capabilities.ALL, false, null, null, null),
        new ModelAlias.Deployment("openai/" + h2, 1, 1, null, Capabilities.ALL, false, null, null, null)),
        List.of(), false);
    RoutingSettings routing = new RoutingSettings(Duration.ofSeconds(1), ATTEMPT, TTFT, 1, Duration.ofMillis(20),
        Duration.ofMillis(100), TOTAL, Duration.ofSeconds(30), new CircuitSettings(2, Duration.ofSeconds(10), 1), null,
        ProviderPreferences.NONE, null);
    try (FaultFixture down = new FaultFixture(List.of(all), routing)) {
      HttpResponse<String> first = down.wire.post(Dialect.OPENAI, Dialect.OPENAI.body("all-down", "Hi", false));
      assertThat(first.statusCode()).as(first.body()).isEqualTo(502);
      ErrorKinds.assertDialectError(Dialect.OPENAI, 502, first.body());
      assertThat(first.headers().firstValue("x-sluice-attempts")).hasValue("4");
      assertThat(down.openai.requestCount(h1) + down.openai.requestCount(h2)).isEqualTo(4);
      down.assertOneRowPerAttempt(first.headers().firstValue("x-request-id").orElseThrow(), 4);

      for (Dialect d : List.of(Dialect.OPENAI, Dialect.ANTHROPIC)) {
        for (boolean stream : new boolean[] {false, true}) {
          long start = System.nanoTime();
          HttpResponse<String> fast = down.wire.post(d, d.body("all-down", "Hi", stream));
          long millis = (System.nanoTime() - start) / 1_000_000;
          assertThat(fast.statusCode()).as(fast.body()).isEqualTo(503);
          ErrorKinds.assertDialectError(d, 503, fast.body());
          assertThat(millis).as("a refusal by open breakers does not wait").isLessThan(300);
          assertThat(down.ledgerRows(fast.headers().firstValue("x-request-id").orElseThrow())).isEmpty();
        }
      }
      assertThat(down.openai.requestCount(h1) + down.openai.requestCount(h2)).as("no call while open").isEqualTo(4);
    }
  }
}
