package dev.sluice.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.server.config.ModelEntry;
import dev.sluice.server.config.ProviderSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RELIABILITY A3#19: a configured provider that answers 302/307 pointing at another host (here a canary on
 * loopback) is not followed: the canary sees no connection (so neither the request nor the stored key goes
 * there), the caller gets a clear 502 in its own dialect, and the ledger holds exactly one usage row for the
 * request (retries are off in this gateway, so one attempt).
 */
class RedirectNotFollowedTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROVIDER_KEY = "sk-redirector-stored-key";
  private static CanaryListener canary;
  private static HttpServer redirector;
  private static final AtomicInteger status = new AtomicInteger(302);
  private static final AtomicInteger redirected = new AtomicInteger();
  private static GatewayHarness harness;

  @BeforeAll
  static void start() throws Exception {
    canary = new CanaryListener();
    redirector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    redirector.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      // counted before answering: after close() the gateway may already have replied to the test
      redirected.incrementAndGet();
      exchange.getResponseHeaders().add("Location", canary.url() + exchange.getRequestURI());
      exchange.sendResponseHeaders(status.get(), -1);
      exchange.close();
    });
    redirector.start();
    ProviderSettings bouncing = new ProviderSettings("bouncer", "openai",
        "http://127.0.0.1:" + redirector.getAddress().getPort() + "/v1", PROVIDER_KEY, "Authorization", Map.of(),
        List.of(new ModelEntry("gpt-4o-mini", null)), false);
    harness = GatewayHarness.start(c -> GatewayHarness.withRouting(
        GatewayHarness.withProviders(c, List.of(c.providers().get(0), bouncing)), c.routing().withRetries(0)
            // six redirects in a row must each reach the bouncer, not an open circuit
            .withCircuit(new dev.sluice.core.route.CircuitSettings(1000, Duration.ofSeconds(1), 1))));
  }

  @AfterAll
  static void stop() {
    harness.close();
    redirector.stop(0);
    canary.close();
  }

  @ParameterizedTest(name = "{0} {1} stream={2}")
  @CsvSource({
      "302, /v1/chat/completions, false", "302, /v1/chat/completions, true",
      "307, /v1/chat/completions, false", "307, /v1/chat/completions, true",
      "302, /v1/messages, false", "307, /v1/messages, true"})
  void aRedirectIsNotFollowedAndIsA502InTheCallersDialect(int code, String path, boolean stream) throws Exception {
    status.set(code);
    int bouncedBefore = redirected.get();
    String body = path.equals("/v1/messages")
        ? "{\"model\":\"bouncer/gpt-4o-mini\",\"max_tokens\":8,\"stream\":" + stream
            + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
        : "{\"model\":\"bouncer/gpt-4o-mini\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    HttpResponse<String> response = Http.send(HttpRequest.newBuilder(URI.create(harness.baseUrl() + path))
        .timeout(Duration.ofSeconds(10)).header("authorization", "Bearer " + harness.key)
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(502);
    JsonNode json = JSON.readTree(response.body());
    if (path.equals("/v1/messages")) {
      assertThat(json.get("type").asText()).isEqualTo("error");
      assertThat(json.at("/error/type").asText()).isEqualTo("api_error");
      assertThat(json.at("/error/message").asText()).contains("bouncer");
    } else {
      assertThat(json.at("/error/type").asText()).isEqualTo("api_error");
      assertThat(json.at("/error/message").asText()).contains("bouncer");
    }
    assertThat(response.body()).doesNotContain(PROVIDER_KEY).doesNotContain(canary.url());
    assertThat(redirected.get()).isEqualTo(bouncedBefore + 1);
    assertThat(canary.connections()).isZero();
    String requestId = response.headers().firstValue("x-request-id").orElseThrow();
    harness.gateway.ledger().awaitShipped(Duration.ofSeconds(5));
    assertThat(usageRows(requestId)).isEqualTo(1);
  }

  private static int usageRows(String requestId) throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + harness.dataDir.resolve("sluice.db"));
        PreparedStatement q = db.prepareStatement("SELECT count(*) FROM usage_records WHERE request_id = ? AND outcome = 'FAILED'")) {
      q.setString(1, requestId);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
