package dev.sluice.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RELIABILITY A2#16: every route of the gateway's front switch (read from {@code GatewayServer}'s source, so a new
 * route joins this test or fails {@link #everyRouteOfTheFrontSwitchIsClassified}) runs the same chain. Every API
 * route: no key, a revoked key and an expired key are a 401 in the route's dialect; an over-limit body is a 413
 * only once the key is accepted (a stranger gets the 401, and the body is not read). Every route that calls a
 * provider also applies rate limits (429) and budgets (402) before any upstream call. {@code /v1/models} and
 * {@code /v1/messages/count_tokens} answer locally (no provider call, no cost), so limits and budgets do not apply
 * to them: that is this test's decision, written in {@link #CLASSIFIED}.
 */
class ApiRouteChainTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADMIN = "admin-key-chain-0123456789abcdef";

  enum Kind { UPSTREAM, LOCAL, OPEN, ADMIN }

  /** Every front-switch path and what it must run. Health probes are open by design; /metrics is the admin's. */
  private static final Map<String, Kind> CLASSIFIED = Map.of(
      "/v1/chat/completions", Kind.UPSTREAM,
      "/v1/embeddings", Kind.UPSTREAM,
      "/v1/messages", Kind.UPSTREAM,
      "/v1/responses", Kind.UPSTREAM,
      "/v1/messages/count_tokens", Kind.LOCAL,
      "/v1/models", Kind.LOCAL,
      "/health/live", Kind.OPEN,
      "/health/ready", Kind.OPEN,
      "/metrics", Kind.ADMIN);

  /** A valid request per API route; null means GET. */
  private static final Map<String, String> BODIES = Map.of(
      "/v1/chat/completions", "{\"model\":\"fake/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
      "/v1/embeddings", "{\"model\":\"fake/text-embedding-3-small\",\"input\":\"hi\"}",
      "/v1/messages", "{\"model\":\"fake/gpt-4o-mini\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
      "/v1/responses", "{\"model\":\"fake/gpt-4o-mini\",\"input\":\"hi\"}",
      "/v1/messages/count_tokens", "{\"model\":\"fake/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

  private static GatewayHarness harness;

  @BeforeAll
  static void start() {
    harness = GatewayHarness.startWithAdmin(ADMIN);
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  static Stream<String> apiRoutes() {
    return SourceRoutes.frontSwitchPaths().stream().filter(p -> CLASSIFIED.get(p) != Kind.OPEN && CLASSIFIED.get(p) != Kind.ADMIN);
  }

  static Stream<String> upstreamRoutes() {
    return SourceRoutes.frontSwitchPaths().stream().filter(p -> CLASSIFIED.get(p) != Kind.OPEN
        && CLASSIFIED.get(p) != Kind.ADMIN && CLASSIFIED.get(p) != Kind.LOCAL);
  }

  @Test
  void everyRouteOfTheFrontSwitchIsClassified() {
    assertThat(SourceRoutes.frontSwitchPaths()).as("a new route must be added to CLASSIFIED and BODIES")
        .containsExactlyInAnyOrderElementsOf(CLASSIFIED.keySet());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("apiRoutes")
  void noRevokedOrExpiredKeyIsA401InTheRoutesDialect(String path) throws Exception {
    var keys = harness.gateway.keys();
    var revoked = keys.create("revoked", null);
    keys.revoke(revoked.key().id());
    String expired = keys.create("expired", Instant.now().minusSeconds(1)).plaintext();
    int upstream = harness.fake.requests().size();
    for (String key : new String[] {null, revoked.plaintext(), expired}) {
      HttpResponse<String> response = send(path, key, BODIES.get(path));
      assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(401);
      assertAuthenticationError(path, response);
    }
    assertThat(harness.fake.requests()).hasSize(upstream);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("apiRoutes")
  void anOverLimitBodyIs413OnlyAfterTheKeyIsAccepted(String path) throws Exception {
    if (BODIES.get(path) == null) {
      return; // a GET route reads no body
    }
    String big = "{\"model\":\"fake/gpt-4o-mini\",\"input\":\"" + "x".repeat(70 * 1024) + "\"}"; // the limit is 64 KiB
    HttpResponse<String> stranger = send(path, null, big);
    assertThat(stranger.statusCode()).as(path).isEqualTo(401);
    assertAuthenticationError(path, stranger);
    HttpResponse<String> known = send(path, harness.key, big);
    assertThat(known.statusCode()).as(path + " " + known.body()).isEqualTo(413);
    JsonNode body = JSON.readTree(known.body());
    assertThat(body.has("error")).as(known.body()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("upstreamRoutes")
  void aRateLimitRefusesBeforeAnyUpstreamCall(String path) throws Exception {
    var issued = harness.gateway.keys().create("limited " + path, null);
    HttpResponse<String> set = admin("/admin/limits", "{\"scope\":\"key:" + issued.key().id() + "\",\"kind\":\"rpm\",\"limit\":1}");
    assertThat(set.statusCode()).as(set.body()).isEqualTo(201);
    HttpResponse<String> first = send(path, issued.plaintext(), BODIES.get(path));
    assertThat(first.statusCode()).as(path + " " + first.body()).isEqualTo(200);
    int upstream = harness.fake.requests().size();
    HttpResponse<String> second = send(path, issued.plaintext(), BODIES.get(path));
    assertThat(second.statusCode()).as(path + " " + second.body()).isEqualTo(429);
    assertThat(second.headers().firstValue("retry-after")).isPresent();
    assertThat(harness.fake.requests()).hasSize(upstream);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("upstreamRoutes")
  void aSpentBudgetRefusesBeforeAnyUpstreamCall(String path) throws Exception {
    var issued = harness.gateway.keys().create("budgeted " + path, null);
    HttpResponse<String> set = admin("/admin/budgets", "{\"scope\":\"key:" + issued.key().id()
        + "\",\"period\":\"total\",\"limit_usd\":\"0.000000001\",\"refuse_unpriced\":true}");
    assertThat(set.statusCode()).as(set.body()).isEqualTo(201);
    int upstream = harness.fake.requests().size();
    HttpResponse<String> refused = send(path, issued.plaintext(), BODIES.get(path));
    assertThat(refused.statusCode()).as(path + " " + refused.body()).isEqualTo(402);
    assertThat(harness.fake.requests()).hasSize(upstream);
  }

  private static void assertAuthenticationError(String path, HttpResponse<String> response) throws Exception {
    JsonNode body = JSON.readTree(response.body());
    if (path.startsWith("/v1/messages")) {
      assertThat(body.get("type").asText()).as(response.body()).isEqualTo("error");
      assertThat(body.at("/error/type").asText()).as(response.body()).isEqualTo("authentication_error");
    } else {
      assertThat(body.at("/error/code").asText()).as(response.body()).isEqualTo("invalid_api_key");
    }
  }

  private static HttpResponse<String> send(String path, String key, String body) {
    String url = harness.baseUrl() + path;
    return body == null ? Http.get(url, key) : Http.post(url, key, body);
  }

  private static HttpResponse<String> admin(String path, String body) {
    return Http.send(HttpRequest.newBuilder(URI.create(harness.baseUrl() + path)).timeout(Duration.ofSeconds(10))
        .header("authorization", "Bearer " + ADMIN).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }
}
