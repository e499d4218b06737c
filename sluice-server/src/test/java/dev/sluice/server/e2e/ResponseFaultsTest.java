package dev.sluice.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.model.UsageSource;
import dev.sluice.core.usage.AttemptRecord;
import dev.sluice.server.e2e.DialectWire.Dialect;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RELIABILITY A5#29, the response side: a provider answering 200 with a malformed or non-UTF-8 body, a body
 * over the gateway's buffer cap, a 1 MiB SSE line (and one over the event cap), or usage missing or all
 * zero. Each ends in the caller's dialect (a 502 error object, or the answer), within bounded time and
 * memory (CappedBody: 64 MiB for a unary body; SseParser: 16 MiB per event), with exactly one attempt
 * record; missing or zero usage is estimated and flagged {@code ESTIMATED}. The faults are the testkit
 * fake's model-name knobs ({@code malformed}, {@code bad-utf8}, {@code huge-<MiB>}, {@code long-line-<KiB>},
 * {@code no-usage}, {@code zero-usage}).
 */
class ResponseFaultsTest {
  private static final java.util.concurrent.atomic.AtomicInteger UNIQUE = new java.util.concurrent.atomic.AtomicInteger();
  private static TwoProviders gw;

  @BeforeAll
  static void start() {
    // No retries (one attempt, one record); the first event may take a while: it can be 20 MiB.
    gw = new TwoProviders(List.of(), new dev.sluice.server.config.RoutingSettings(Duration.ofSeconds(1),
        Duration.ofSeconds(5), Duration.ofSeconds(5)).withRetries(0));
  }

  @AfterAll
  static void stop() {
    if (gw != null) {
      gw.close();
    }
  }

  static HttpResponse<String> post(Dialect d, String model, boolean stream) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gw.gateway.baseUrl() + d.path))
        .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(d.body(model, "Hi there", stream)));
    d.auth(gw.key).forEach(request::header);
    return Http.send(request.build());
  }

  /** The request's attempt records, once written; asserts there is exactly one. */
  static AttemptRecord onlyRecord(HttpResponse<?> r) {
    String id = r.headers().firstValue("x-request-id").orElseThrow();
    Awaitility.await().atMost(Duration.ofSeconds(3))
        .until(() -> gw.records.stream().anyMatch(x -> x.requestId().equals(id)));
    Awaitility.await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> true);
    List<AttemptRecord> mine = gw.records.stream().filter(x -> x.requestId().equals(id)).toList();
    assertThat(mine).as("records of " + id).hasSize(1);
    return mine.get(0);
  }

  private static HttpResponse<String> timed(Dialect d, String model, boolean stream, Duration bound) {
    long start = System.nanoTime();
    // Each call its own deployment name (the fake ignores the suffix), so one test's failures never open
    // the circuit for another's.
    HttpResponse<String> r = post(d, "primary/gpt-4o-mini-" + model + "-n" + UNIQUE.incrementAndGet(), stream);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as(model).isLessThan(bound);
    return r;
  }

  private static void assertFailed502(Dialect d, HttpResponse<String> r, String what) {
    assertThat(r.statusCode()).as(what + ": " + r.body()).isEqualTo(502);
    String message = d.assertErrorBody(r.body(), "api_error", "api_error");
    HostileJsonTest.assertNoStackTrace(what, r.body());
    AttemptRecord record = onlyRecord(r);
    assertThat(record.outcome()).isEqualTo(AttemptRecord.Outcome.FAILED);
    assertThat(record.status()).isEqualTo(502);
    assertThat(message).isNotBlank();
  }

  @ParameterizedTest(name = "{0} caller")
  @EnumSource(Dialect.class)
  void aHalfOrNonUtf8AnswerIsA502InTheCallersDialectWithOneFailedRecord(Dialect d) {
    for (String fault : List.of("malformed", "bad-utf8")) {
      HttpResponse<String> r = timed(d, fault, false, Duration.ofSeconds(5));
      assertFailed502(d, r, fault);
      assertThat(d.assertErrorBody(r.body(), "api_error", "api_error")).contains("not a JSON object");
    }
  }

  /** Half a chunk in a stream (the fake's {@code malformed} stream knob): a 502 before any byte, one record. */
  @ParameterizedTest(name = "{0} caller")
  @EnumSource(Dialect.class)
  void aHalfStreamEventIsA502InTheCallersDialectWithOneFailedRecord(Dialect d) {
    HttpResponse<String> r = timed(d, "malformed", true, Duration.ofSeconds(5));
    assertFailed502(d, r, "malformed stream");
    assertThat(r.body()).contains("not a JSON object");
  }

  /** The embeddings passthrough relays the provider's body too: half a body is a 502, not a 200. */
  @Test
  void aHalfEmbeddingsAnswerIsA502WithOneFailedRecord() {
    HttpResponse<String> r = Http.post(gw.gateway.baseUrl() + "/v1/embeddings", gw.key,
        "{\"model\":\"primary/text-embedding-3-small-malformed\",\"input\":\"hello\"}");
    assertFailed502(Dialect.OPENAI, r, "embeddings malformed");
  }

  @ParameterizedTest(name = "{0} caller")
  @EnumSource(Dialect.class)
  void anAnswerOverTheBufferCapIsCutOffWithA502(Dialect d) {
    HttpResponse<String> r = timed(d, "huge-70", false, Duration.ofSeconds(10));
    assertFailed502(d, r, "huge-70");
    assertThat(r.body()).contains("larger than 67108864 bytes");
  }

  /**
   * 50 MB is under the 64 MiB cap: the OpenAI passthrough relays it whole; a translating dialect must parse
   * it and refuses a string over Jackson's 20 M-char limit with a clean 502.
   */
  @ParameterizedTest(name = "{0} caller")
  @EnumSource(Dialect.class)
  void aFiftyMegabyteAnswerIsRelayedOrRefusedCleanly(Dialect d) {
    HttpResponse<String> r = timed(d, "huge-50", false, Duration.ofSeconds(10));
    if (d == Dialect.OPENAI) {
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body().length()).isGreaterThan(50 * 1024 * 1024);
      assertThat(onlyRecord(r).outcome()).isEqualTo(AttemptRecord.Outcome.SERVED);
    } else {
      assertFailed502(d, r, "huge-50");
    }
  }

  @ParameterizedTest(name = "{0} caller")
  @EnumSource(Dialect.class)
  void aOneMebibyteSseLineIsRelayedAndOneOverTheEventCapIsA502(Dialect d) {
    HttpResponse<String> ok = timed(d, "long-line-1024", true, Duration.ofSeconds(10));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains("b".repeat(1024 * 1024));
    assertThat(onlyRecord(ok).outcome()).isEqualTo(AttemptRecord.Outcome.SERVED);

    HttpResponse<String> over = timed(d, "long-line-20480", true, Duration.ofSeconds(10));
    assertFailed502(d, over, "long-line-20480");
  }

  @ParameterizedTest(name = "{0} caller")
  @EnumSource(Dialect.class)
  void missingOrZeroUsageIsEstimatedAndFlagged(Dialect d) {
    for (String fault : List.of("no-usage", "zero-usage")) {
      for (boolean stream : new boolean[] {false, true}) {
        HttpResponse<String> r = timed(d, fault, stream, Duration.ofSeconds(5));
        assertThat(r.statusCode()).as(fault + " " + r.body()).isEqualTo(200);
        AttemptRecord record = onlyRecord(r);
        assertThat(record.outcome()).isEqualTo(AttemptRecord.Outcome.SERVED);
        assertThat(record.usage().source()).as(fault + " stream=" + stream).isEqualTo(UsageSource.ESTIMATED);
        assertThat(record.usage().inputTokens()).as(fault).isPositive();
        assertThat(record.usage().outputTokens()).as(fault).isPositive();
      }
    }
  }
}
