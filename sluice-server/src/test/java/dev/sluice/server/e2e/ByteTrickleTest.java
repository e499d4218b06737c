package dev.sluice.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.route.CircuitSettings;
import dev.sluice.core.route.ProviderPreferences;
import dev.sluice.core.usage.AttemptRecord;
import dev.sluice.server.config.ModelEntry;
import dev.sluice.server.config.ProviderSettings;
import dev.sluice.server.config.RoutingSettings;
import dev.sluice.server.e2e.DialectWire.Dialect;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The slow-trickle row of A5 at byte level (the fakes trickle whole events): a provider that sends one byte every
 * 4 ms. A stream is not cut while bytes flow, even for longer than the 800 ms silence bound, but the 4 s total
 * deadline ends it (first event deadline 1 s: the first event alone takes about half a second to trickle in); a non-streamed answer is bounded by the 800 ms attempt timeout (the whole call). Each case
 * asserts one ledger row per attempt and as many attempts as the provider received.
 */
class ByteTrickleTest {
  private static final Duration ATTEMPT = Duration.ofMillis(800);
  private static final Duration TOTAL = Duration.ofSeconds(4);
  private static final AtomicLong SEQ = new AtomicLong();
  private static TrickleUpstream trickle;
  private static FaultFixture fx;

  @BeforeAll
  static void start() {
    trickle = new TrickleUpstream();
    ProviderSettings slow = new ProviderSettings("trickle", "openai", trickle.baseUrl(), "sk-trickle", "Authorization",
        Map.of(), List.of(new ModelEntry("gpt-4o-mini", null)), false);
    RoutingSettings routing = new RoutingSettings(Duration.ofSeconds(1), ATTEMPT, Duration.ofSeconds(1), 1,
        Duration.ofMillis(20), Duration.ofMillis(100), TOTAL, Duration.ofSeconds(30), CircuitSettings.DEFAULTS, null,
        ProviderPreferences.NONE, null);
    fx = new FaultFixture(List.of(), routing, List.of(slow));
  }

  @AfterAll
  static void stop() {
    if (fx != null) {
      fx.close();
    }
    if (trickle != null) {
      trickle.close();
    }
  }

  private static String model(int bytes) {
    return "trickle/m-bytes-" + bytes + "-every-4-t" + SEQ.incrementAndGet();
  }

  @ParameterizedTest(name = "{0} stream, about 2 s of bytes")
  @EnumSource(value = Dialect.class, names = {"OPENAI", "ANTHROPIC"})
  void aStreamTricklingBytesIsNotCutWhileTheyFlow(Dialect d) {
    int before = trickle.requests.get();
    long start = System.nanoTime();
    DialectWire.Stream s = fx.wire.stream(d, d.body(model(220), "Hi", true));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(s.response().statusCode()).as(s.raw()).isEqualTo(200);
    DialectWire.assertNoErrorEvent(s);
    assertThat(d.text(s.events())).isEqualTo("tok ".repeat(TrickleUpstream.pieces(220, true)));
    assertThat(millis).as("longer than the silence bound, so not cut by it").isGreaterThan(ATTEMPT.toMillis());
    fx.assertOneRowPerAttempt(s.requestId(), 1);
    assertThat(trickle.requests.get() - before).isEqualTo(1);
    assertThat(fx.records(s.requestId(), 1).get(0).outcome()).isEqualTo(AttemptRecord.Outcome.SERVED);
  }

  @ParameterizedTest(name = "{0} stream, about 7 s of bytes")
  @EnumSource(value = Dialect.class, names = {"OPENAI", "ANTHROPIC"})
  void aStreamTricklingPastTheTotalDeadlineEndsWithAnInBandError(Dialect d) {
    int before = trickle.requests.get();
    long start = System.nanoTime();
    DialectWire.Stream s = fx.wire.stream(d, d.body(model(1500), "Hi", true));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(s.response().statusCode()).as(s.raw()).isEqualTo(200);
    d.assertEndsWithInBandError(s);
    assertThat(millis).isBetween(TOTAL.toMillis() - 100, TOTAL.toMillis() + 1500);
    fx.assertOneRowPerAttempt(s.requestId(), 1);
    assertThat(trickle.requests.get() - before).isEqualTo(1);
    AttemptRecord record = fx.records(s.requestId(), 1).get(0);
    assertThat(record.outcome()).isEqualTo(AttemptRecord.Outcome.FAILED);
    assertThat(record.usage().outputTokens()).as("what streamed before the deadline").isPositive();
  }

  @ParameterizedTest(name = "{0} unary, 1.2 s of bytes")
  @EnumSource(value = Dialect.class, names = {"OPENAI", "ANTHROPIC"})
  void aNonStreamedAnswerTricklingPastTheAttemptTimeoutIsA504(Dialect d) {
    int before = trickle.requests.get();
    long start = System.nanoTime();
    DialectWire.Stream s = fx.wire.stream(d, d.body(model(300), "Hi", false));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(s.response().statusCode()).as(s.raw()).isEqualTo(504);
    ErrorKinds.assertDialectError(d, 504, s.raw().strip());
    assertThat(millis).as("two attempts of 800 ms, then the answer").isBetween(2 * ATTEMPT.toMillis(), 3000L);
    assertThat(s.response().headers().firstValue("x-sluice-attempts")).hasValue("2");
    fx.assertOneRowPerAttempt(s.requestId(), 2);
    assertThat(trickle.requests.get() - before).isEqualTo(2);
  }
}
