package dev.sluice.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.usage.AttemptRecord;
import dev.sluice.server.Gateway;
import dev.sluice.server.config.RoutingSettings;
import dev.sluice.server.config.ServerSettings;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.testkit.FakeOpenAiProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RELIABILITY A1#6: clients that hold a connection without making progress are cut by the server's own
 * timeouts (here 1.5 s for the head, the body's silences and an unread response; 2 s for an idle keep-alive
 * connection), while a slow upstream (time to first token, gaps between events, a slow unary answer) longer
 * than every one of them is never cut. Routing timeouts are longer than the client ones on purpose: what
 * closes a connection in these tests can only be the client-side timeout under test.
 */
class SlowClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CLIENT_TIMEOUT = Duration.ofMillis(1500);
  private static final Duration KEEP_ALIVE = Duration.ofSeconds(2);
  private static FakeOpenAiProvider fake;
  private static Gateway gateway;
  private static String key;
  private static final Queue<AttemptRecord> records = new ConcurrentLinkedQueue<>();

  @BeforeAll
  static void start() {
    fake = FakeOpenAiProvider.start();
    SluiceConfig base = GatewayHarness.configFor(fake, GatewayHarness.tempDir());
    ServerSettings server = new ServerSettings("127.0.0.1", 0, 64 * 1024, null, Duration.ofMillis(300))
        .withTimeouts(CLIENT_TIMEOUT, CLIENT_TIMEOUT, CLIENT_TIMEOUT, KEEP_ALIVE);
    // Stream silence 15 s, first event 5 s: both far above the client timeouts. No retries: one call, one record.
    SluiceConfig config = GatewayHarness.withRouting(GatewayHarness.withServer(base, server),
        new RoutingSettings(Duration.ofSeconds(2), Duration.ofSeconds(15), Duration.ofSeconds(5)).withRetries(0));
    gateway = Gateway.start(config, Map.of(), List.of(records::add));
    key = gateway.keys().create("test", null).plaintext();
  }

  @AfterAll
  static void stop() {
    gateway.close();
    fake.close();
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  @Test
  void slowlorisHeadIsCutByTheHeaderTimeout() throws Exception {
    try (Socket socket = RawHttp.connect(gateway.port(), 100)) {
      OutputStream out = socket.getOutputStream();
      long start = System.nanoTime();
      write(out, "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nX-Slow: ");
      boolean closed = false;
      // One byte every 500 ms, never ending the head; give up after 6 s.
      while (!closed && millisSince(start) < 8_000) {
        try {
          write(out, "a");
        } catch (IOException reset) {
          closed = true;
          break;
        }
        long until = System.nanoTime() + 500_000_000L;
        while (!closed && System.nanoTime() < until) {
          RawHttp.Reply reply = RawHttp.readUntilClosed(socket); // 100 ms read timeout
          closed = reply.closed();
          assertThat(reply.responses()).as("no answer to an unfinished head").isZero();
        }
      }
      long elapsed = millisSince(start);
      assertThat(closed).as("closed by the header timeout").isTrue();
      assertThat(elapsed).isBetween(CLIENT_TIMEOUT.toMillis() - 100, CLIENT_TIMEOUT.toMillis() + 2_500);
    }
  }

  @Test
  void idleKeepAliveConnectionIsClosedAfterTheKeepAliveTimeout() throws Exception {
    try (Socket socket = RawHttp.connect(gateway.port(), 4_000)) {
      write(socket.getOutputStream(), "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n");
      long start = System.nanoTime();
      RawHttp.Reply reply = RawHttp.readUntilClosed(socket);
      long elapsed = millisSince(start);
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.closed()).as("closed while idle").isTrue();
      assertThat(elapsed).isBetween(KEEP_ALIVE.toMillis() - 100, KEEP_ALIVE.toMillis() + 2_500);
    }
  }

  @Test
  void aBodyThatTricklesThenStopsGets408AndTheConnectionCloses() throws Exception {
    int upstreamBefore = fake.requests().size();
    try (Socket socket = RawHttp.connect(gateway.port(), 100)) {
      OutputStream out = socket.getOutputStream();
      write(out, "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + key
          + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{");
      // 2.4 s of trickle (a byte every 300 ms, under the 1.5 s idle limit): longer than the limit in total,
      // so only an idle timer, not a total one, lets it through.
      for (int i = 0; i < 6; i++) {
        Thread.sleep(300);
        write(out, " ");
        assertThat(RawHttp.readUntilClosed(socket).text()).as("no answer while the body moves").isEmpty();
      }
      long stoppedAt = System.nanoTime();
      socket.setSoTimeout(4_000);
      RawHttp.Reply reply = RawHttp.readUntilClosed(socket);
      assertThat(reply.status()).as(reply.text()).isEqualTo(408);
      assertThat(JSON.readTree(reply.body()).at("/error/code").asText()).isEqualTo("request_timeout");
      assertThat(reply.header("connection")).isEqualToIgnoringCase("close");
      assertThat(reply.closed()).isTrue();
      assertThat(millisSince(stoppedAt)).isBetween(CLIENT_TIMEOUT.toMillis() - 400, CLIENT_TIMEOUT.toMillis() + 2_500);
    }
    assertThat(fake.requests()).hasSize(upstreamBefore);
  }

  @Test
  void aStreamingClientThatNeverReadsIsCutAndTheUpstreamReleased() throws Exception {
    int recordsBefore = records.size();
    int cancelledBefore = fake.cancelledStreams();
    String body = "{\"model\":\"fake/chunks-40000\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(4096); // a small window, so our side fills quickly
      socket.connect(new java.net.InetSocketAddress("127.0.0.1", gateway.port()), 2_000);
      long start = System.nanoTime();
      write(socket.getOutputStream(), "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + key
          + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
      // Never read. The gateway must notice the stuck output, close, cancel the upstream and record once.
      Awaitility.await().atMost(Duration.ofSeconds(12)).until(() -> records.size() > recordsBefore);
      long recordedAfter = millisSince(start);
      Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> fake.cancelledStreams() > cancelledBefore);
      Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> fake.openStreams() == 0);
      assertThat(recordedAfter).as("cut by send_timeout (1.5 s), not by the 15 s stream-silence limit").isLessThan(12_000L);
      socket.setSoTimeout(5_000);
      RawHttp.Reply rest = RawHttp.readUntilClosed(socket);
      assertThat(rest.closed()).as("the gateway closed the connection").isTrue();
      assertThat(rest.text()).doesNotContain("data: [DONE]");
    }
    Thread.sleep(500); // a late second record (a retry or continuation) would show up here
    assertThat(records.size() - recordsBefore).as("exactly one usage record").isEqualTo(1);
  }

  @Test
  void aSlowFirstTokenLongerThanEveryClientTimeoutIsNotCut() {
    // 2.5 s before the provider answers at all: longer than the 1.5 s and 2 s client timeouts, under ttft (5 s).
    Http.StreamResult result = Http.stream(gateway.baseUrl() + "/v1/chat/completions", key,
        "{\"model\":\"fake/chunks-3-slow-2500\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(result.response().statusCode()).isEqualTo(200);
    assertThat(result.texts()).last().isEqualTo("data: [DONE]");
  }

  @Test
  void aQuietStreamWithPingsIsNotCut() {
    // 2.2 s gaps between events, pings every 300 ms: every gap is longer than every client timeout.
    Http.StreamResult result = Http.stream(gateway.baseUrl() + "/v1/chat/completions", key,
        "{\"model\":\"fake/chunks-2-gap-2200\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(result.texts()).contains(": ping");
    assertThat(result.texts()).last().isEqualTo("data: [DONE]");
  }

  @Test
  void aSlowUnaryAnswerIsNotCut() {
    var response = Http.post(gateway.baseUrl() + "/v1/chat/completions", key,
        "{\"model\":\"fake/gpt-4o-mini-slow-3000\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }
}
