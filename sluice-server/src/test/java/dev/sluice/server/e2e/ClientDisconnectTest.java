package dev.sluice.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.model.UsageSource;
import dev.sluice.core.route.CircuitSettings;
import dev.sluice.core.route.ProviderPreferences;
import dev.sluice.core.usage.AttemptRecord;
import dev.sluice.server.config.ModelEntry;
import dev.sluice.server.config.ProviderSettings;
import dev.sluice.server.config.RoutingSettings;
import dev.sluice.server.e2e.DialectWire.Dialect;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RELIABILITY.md A7 #38: a client that goes away at the first content event, in the middle or near the end of a
 * stream, or while a non-streamed call is still waiting. Within 1 s the upstream call is cancelled (the fake's
 * open and cancelled stream counters; for a non-streamed call a raw socket provider that sees the gateway hang up),
 * and exactly one usage row appears, {@code CLIENT_GONE}, with the tokens streamed so far.
 */
class ClientDisconnectTest {
  private static final Duration CANCEL_BOUND = Duration.ofSeconds(1);
  private static final AtomicLong SEQ = new AtomicLong();
  private static SilentUpstream silent;
  private static FaultFixture fx;

  @BeforeAll
  static void start() {
    silent = new SilentUpstream();
    ProviderSettings quiet = new ProviderSettings("quiet", "openai", silent.baseUrl(), "sk-quiet", "Authorization",
        Map.of(), List.of(new ModelEntry("gpt-4o-mini", null)), false);
    // Retries 0 and long timeouts: only the client's leaving may end these calls.
    RoutingSettings routing = new RoutingSettings(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(5),
        0, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(30), Duration.ofSeconds(30),
        CircuitSettings.DEFAULTS, null, ProviderPreferences.NONE, null);
    fx = new FaultFixture(List.of(), routing, List.of(quiet));
  }

  @AfterAll
  static void stop() {
    if (fx != null) {
      fx.close();
    }
    if (silent != null) {
      silent.close();
    }
  }

  /** 20 pieces 100 ms apart (2 s); the client reads {@code readPieces} of them and hangs up. */
  @ParameterizedTest(name = "{0} caller leaves after {1} of 20 pieces")
  @CsvSource({"OPENAI, 1", "OPENAI, 10", "OPENAI, 17", "ANTHROPIC, 1", "ANTHROPIC, 10", "ANTHROPIC, 17"})
  void aClientLeavingAStreamCancelsUpstreamWithinASecondAndLeavesOneRow(Dialect dialect, int readPieces) {
    int cancelledBefore = fx.openai.cancelledStreams();
    String model = "openai/m-chunks-20-gap-100-t" + SEQ.incrementAndGet();
    DialectWire.Stream s = fx.wire.streamUntil(dialect.path, dialect.body(model, "Hi there", true),
        dialect.auth(fx.key), dialect::isContent, readPieces);
    long leftAt = System.nanoTime();
    assertThat(s.response().statusCode()).isEqualTo(200);
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < readPieces; i++) {
      expected.append("tok").append(i).append(' ');
    }
    assertThat(dialect.text(s.events())).isEqualTo(expected.toString());

    Awaitility.await().atMost(CANCEL_BOUND).pollInterval(Duration.ofMillis(10))
        .until(() -> fx.openai.cancelledStreams() > cancelledBefore && fx.openai.openStreams() == 0);
    long cancelMillis = (System.nanoTime() - leftAt) / 1_000_000;
    assertThat(cancelMillis).as("upstream cancelled after the client left").isLessThan(CANCEL_BOUND.toMillis());

    fx.assertOneRowPerAttempt(s.requestId(), 1);
    AttemptRecord record = fx.records(s.requestId(), 1).get(0);
    assertThat(record.outcome()).isEqualTo(AttemptRecord.Outcome.CLIENT_GONE);
    assertThat(record.status()).isEqualTo(499);
    assertThat(record.streamed()).isTrue();
    // The tokens streamed so far: at least what the client read, never the whole answer.
    assertThat(record.usage().source()).isNotEqualTo(UsageSource.MISSING);
    assertThat(record.usage().inputTokens()).isPositive();
    assertThat(record.usage().outputTokens()).isBetween((long) readPieces, 19L);
  }

  /** The provider has not answered yet when the client hangs up on a non-streamed call. */
  @ParameterizedTest(name = "{0} caller leaves a non-streamed call")
  @EnumSource(value = Dialect.class, names = {"OPENAI", "ANTHROPIC"})
  void aClientLeavingANonStreamedCallCancelsUpstreamWithinASecondAndLeavesOneRow(Dialect dialect) throws Exception {
    int closedBefore = silent.closedAt.size();
    int acceptedBefore = silent.accepted.get();
    String model = "quiet/m-t" + SEQ.incrementAndGet();
    long leftAt;
    try (Socket client = new Socket(InetAddress.getLoopbackAddress(), URI.create(fx.gateway.baseUrl()).getPort())) {
      client.setSoTimeout(5000);
      byte[] body = dialect.body(model, "Hi there", false).getBytes(StandardCharsets.UTF_8);
      StringBuilder head = new StringBuilder("POST " + dialect.path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n");
      dialect.auth(fx.key).forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
      head.append("\r\n");
      OutputStream out = client.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      // The call reached the provider (it accepted the gateway's connection), and nothing came back yet.
      Awaitility.await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(10))
          .until(() -> silent.accepted.get() > acceptedBefore);
      Thread.sleep(200);
      InputStream in = client.getInputStream();
      assertThat(in.available()).as("no answer yet").isZero();
      leftAt = System.nanoTime();
    } // the client hangs up
    Awaitility.await().atMost(CANCEL_BOUND).pollInterval(Duration.ofMillis(10))
        .until(() -> silent.closedAt.size() > closedBefore);
    long closed = silent.closedAt.stream().mapToLong(Long::longValue).max().orElseThrow();
    assertThat((closed - leftAt) / 1_000_000).as("upstream connection closed after the client left")
        .isLessThan(CANCEL_BOUND.toMillis());

    // The client never saw a response (nor its x-request-id): find the request by its model, unique to this call.
    String upstreamModel = model.substring("quiet/".length());
    Awaitility.await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(10))
        .until(() -> fx.records.stream().anyMatch(r -> upstreamModel.equals(r.model())));
    String requestId = fx.records.stream().filter(r -> upstreamModel.equals(r.model())).findFirst().orElseThrow()
        .requestId();
    fx.assertOneRowPerAttempt(requestId, 1);
    AttemptRecord record = fx.records(requestId, 1).get(0);
    assertThat(record.outcome()).isEqualTo(AttemptRecord.Outcome.CLIENT_GONE);
    assertThat(record.status()).isEqualTo(499);
    assertThat(record.streamed()).isFalse();
    assertThat(record.usage().outputTokens()).as("nothing was answered").isZero();
  }
}
