package dev.sluice.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.route.Capabilities;
import dev.sluice.core.route.CircuitSettings;
import dev.sluice.core.route.FailureClass;
import dev.sluice.core.route.Strategy;
import dev.sluice.core.usage.AttemptRecord;
import dev.sluice.server.config.ModelAlias;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Routing end to end, each test named after the fault it survives: fallbacks, retries, Retry-After,
 * in-band and empty streams, time to first token, mid-stream failures, context windows, circuit breakers,
 * preferences and request-level fallbacks, against two fault-injecting fake providers.
 */
class RoutingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TwoProviders gw;

  private static ModelAlias.Deployment dep(String model, int priority, Integer context) {
    return new ModelAlias.Deployment(model, 1, priority, null, Capabilities.ALL, false, null, context, null);
  }

  private static ModelAlias alias(String name, ModelAlias.Deployment... deployments) {
    return new ModelAlias(name, Strategy.PRIORITY, List.of(deployments), List.of(), false);
  }

  @BeforeAll
  static void start() {
    gw = new TwoProviders(List.of(
        alias("failover", dep("primary/error-500", 0, null), dep("secondary/gpt-4o-mini", 1, null)),
        alias("inband", dep("primary/inband-error", 0, null), dep("secondary/gpt-4o-mini", 1, null)),
        alias("empty", dep("primary/empty-stream", 0, null), dep("secondary/gpt-4o-mini", 1, null)),
        alias("slowstart", dep("primary/stall", 0, null), dep("secondary/gpt-4o-mini", 1, null)),
        alias("midstream", dep("primary/midstream-error-2", 0, null), dep("secondary/gpt-4o-mini", 1, null)),
        alias("badrequest", dep("primary/error-400", 0, null), dep("secondary/gpt-4o-mini", 1, null)),
        alias("bigger", dep("primary/context-length", 0, 8192), dep("primary/gpt-4o-mini", 1, 8192),
            dep("secondary/gpt-4o-mini", 2, 128000)),
        alias("both", dep("primary/gpt-4o-mini", 0, null), dep("secondary/gpt-4o-mini", 1, null)),
        new ModelAlias("continued", Strategy.PRIORITY,
            List.of(dep("primary/die-after-3", 0, null), dep("secondary/echo", 1, null)), List.of(), true)),
        TwoProviders.fastRouting(0).withCircuit(new CircuitSettings(1000, Duration.ofSeconds(30), 1)));
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @BeforeEach
  void reset() {
    gw.primary.resetFaults();
    gw.secondary.resetFaults();
    gw.primary.clearRequests();
    gw.secondary.clearRequests();
  }

  private static HttpResponse<String> chat(String model, String extra) {
    return Http.post(gw.chatUrl(), gw.key, "{\"model\":\"" + model + "\"" + extra
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}");
  }

  private static Http.StreamResult stream(String model) {
    return Http.stream(gw.chatUrl(), gw.key, "{\"model\":\"" + model + "\",\"stream\":true,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}");
  }

  private static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  @Test
  void primary500FallsBackToSecondaryWithOneResponseAndTwoAttempts() {
    HttpResponse<String> response = chat("failover", "");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(header(response, "x-sluice-provider")).isEqualTo("secondary");
    assertThat(header(response, "x-sluice-model")).isEqualTo("secondary/gpt-4o-mini");
    assertThat(header(response, "x-sluice-attempts")).isEqualTo("2");
    assertThat(header(response, "x-sluice-route")).contains("strategy=priority");
    assertThat(gw.primary.requestCount("error-500")).isEqualTo(1); // retries: 0 means exactly one attempt
    // Both attempts were recorded, the failed one too, with outcome and latency.
    String requestId = header(response, "x-request-id");
    var records = gw.records.stream().filter(r -> r.requestId().equals(requestId)).toList();
    assertThat(records).hasSize(2);
    assertThat(records.get(0).outcome()).isEqualTo(AttemptRecord.Outcome.FAILED);
    assertThat(records.get(0).failure()).isEqualTo(FailureClass.SERVER_ERROR);
    assertThat(records.get(0).deploymentId()).isEqualTo("primary/error-500");
    assertThat(records.get(1).outcome()).isEqualTo(AttemptRecord.Outcome.SERVED);
    assertThat(records.get(1).attempt()).isEqualTo(2);
    assertThat(records.get(1).usage().inputTokens()).isPositive();
    assertThat(records).allSatisfy(r -> assertThat(r.latencyMillis()).isNotNegative());
  }

  @Test
  void retriesZeroMeansTheFailingProviderSawExactlyOneRequest() {
    HttpResponse<String> response = chat("primary/error-503", "");
    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(header(response, "x-sluice-attempts")).isEqualTo("1");
    assertThat(gw.primary.requestCount("error-503")).isEqualTo(1);
  }

  @Test
  void a200StreamWithAnInBandErrorFirstFallsBack() {
    Http.StreamResult result = stream("inband");
    assertThat(result.response().statusCode()).isEqualTo(200);
    assertThat(header(result.response(), "x-sluice-provider")).isEqualTo("secondary");
    assertThat(result.texts()).noneMatch(t -> t.contains("\"error\""));
    assertThat(result.texts().get(result.texts().size() - 1)).isEqualTo("data: [DONE]");
  }

  @Test
  void anEmptyStreamFallsBack() {
    Http.StreamResult result = stream("empty");
    assertThat(header(result.response(), "x-sluice-provider")).isEqualTo("secondary");
    assertThat(header(result.response(), "x-sluice-attempts")).isEqualTo("2");
  }

  @Test
  void aStallBeforeTheFirstByteHitsTheTtftTimeoutAndFallsBack() {
    long start = System.nanoTime();
    Http.StreamResult result = stream("slowstart");
    assertThat(header(result.response(), "x-sluice-provider")).isEqualTo("secondary");
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(700);
  }

  @Test
  void aMidStreamFailureIsNotRetriedAndEndsWithAnErrorEvent() throws Exception {
    Http.StreamResult result = stream("midstream");
    assertThat(header(result.response(), "x-sluice-provider")).isEqualTo("primary");
    String last = result.texts().get(result.texts().size() - 1);
    assertThat(JSON.readTree(last.substring(6)).has("error")).isTrue();
    assertThat(result.texts()).doesNotContain("data: [DONE]");
    assertThat(gw.secondary.requests()).isEmpty();
  }

  @Test
  void midStreamContinuationFinishesTheAnswerOnTheNextDeployment() throws Exception {
    Http.StreamResult result = stream("continued");
    List<String> texts = result.texts();
    assertThat(texts.get(texts.size() - 1)).isEqualTo("data: [DONE]");
    JsonNode trailer = JSON.readTree(texts.get(texts.size() - 2).substring(6));
    assertThat(trailer.at("/sluice/continued").asBoolean()).isTrue();
    assertThat(trailer.at("/sluice/from").asText()).isEqualTo("primary/die-after-3");
    assertThat(trailer.at("/sluice/attempts").asInt()).isEqualTo(2);
    assertThat(texts).noneMatch(t -> t.contains("\"error\""));
    // The secondary was asked to continue: the partial answer came as the last, assistant, message.
    JsonNode messages = gw.secondary.lastRequest().json().get("messages");
    JsonNode prefix = messages.get(messages.size() - 1);
    assertThat(prefix.get("role").asText()).isEqualTo("assistant");
    assertThat(prefix.get("content").asText()).isNotEmpty();
  }

  @Test
  void aClientCaused400NeverFallsBack() {
    HttpResponse<String> response = chat("badrequest", "");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(gw.secondary.requests()).isEmpty();
  }

  @Test
  void aContextLengthErrorFallsBackToALargerWindowSkippingSmallerOnes() {
    HttpResponse<String> response = chat("bigger", "");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(header(response, "x-sluice-model")).isEqualTo("secondary/gpt-4o-mini");
    assertThat(gw.primary.requestCount("gpt-4o-mini")).isZero(); // same 8k window: skipped
    assertThat(header(response, "x-sluice-attempts")).isEqualTo("2");
  }

  @Test
  void requestLevelModelsArrayFallsBack() {
    HttpResponse<String> response = chat("primary/error-500", ",\"models\":[\"secondary/gpt-4o-mini\"]");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(header(response, "x-sluice-provider")).isEqualTo("secondary");
    // Gateway-only fields never reach the provider.
    assertThat(gw.secondary.lastRequest().json().has("models")).isFalse();
  }

  @Test
  void providerOrderOnlyAndIgnoreChangeThePlan() {
    HttpResponse<String> ordered = chat("both", ",\"provider\":{\"order\":[\"secondary\"]}");
    assertThat(header(ordered, "x-sluice-provider")).isEqualTo("secondary");
    assertThat(gw.secondary.lastRequest().json().has("provider")).isFalse();
    HttpResponse<String> ignored = chat("both", ",\"provider\":{\"ignore\":[\"primary\"]}");
    assertThat(header(ignored, "x-sluice-provider")).isEqualTo("secondary");
    assertThat(header(ignored, "x-sluice-route")).contains("primary/gpt-4o-mini");
    HttpResponse<String> unknown = chat("both", ",\"provider\":{\"only\":[\"nope\"]}");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("nope").contains("provider.only");
    gw.secondary.clearRequests();
    HttpResponse<String> noFallbacks = chat("failover", ",\"provider\":{\"allow_fallbacks\":false}");
    assertThat(noFallbacks.statusCode()).isEqualTo(502);
    assertThat(gw.secondary.requests()).isEmpty();
  }

  @Test
  void aKeysRoutingDefaultsApplyUnderTheRequestsOwn() {
    String keyed = gw.gateway.keys().create("prefers-secondary", null, "{\"order\":[\"secondary\"]}").plaintext();
    HttpResponse<String> byKey = Http.post(gw.chatUrl(), keyed,
        "{\"model\":\"both\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(header(byKey, "x-sluice-provider")).isEqualTo("secondary");
    HttpResponse<String> overridden = Http.post(gw.chatUrl(), keyed,
        "{\"model\":\"both\",\"provider\":{\"order\":[\"primary\"]},"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(header(overridden, "x-sluice-provider")).isEqualTo("primary");
  }

  @Test
  void decisionHeadersComeWithErrorsToo() {
    HttpResponse<String> response = chat("primary/error-500", "");
    assertThat(header(response, "x-sluice-provider")).isEqualTo("primary");
    assertThat(header(response, "x-sluice-attempts")).isEqualTo("1");
    assertThat(header(response, "x-request-id")).startsWith("req_");
  }

  @Test
  void adminRoutingNeedsTheAdminKeyAndShowsDeployments() throws Exception {
    chat("both", "");
    HttpResponse<String> noKey = Http.get(gw.gateway.baseUrl() + "/admin/routing", gw.key);
    assertThat(noKey.statusCode()).isEqualTo(401);
    HttpResponse<String> withKey = Http.get(gw.gateway.baseUrl() + "/admin/routing", TwoProviders.ADMIN_KEY);
    assertThat(withKey.statusCode()).isEqualTo(200);
    JsonNode deployments = JSON.readTree(withKey.body()).get("deployments");
    assertThat(deployments.findValuesAsText("id")).contains("primary/gpt-4o-mini");
    assertThat(deployments.findValuesAsText("circuit")).contains("closed");
  }

  @Test
  void clientGoneDuringARetryWaitStopsTheLoop() {
    HttpRequest request = HttpRequest.newBuilder(URI.create(gw.chatUrl()))
        .header("authorization", "Bearer " + gw.key)
        .timeout(Duration.ofMillis(300))
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"model\":\"primary/stall\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"))
        .build();
    try {
      Http.CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (Exception expected) {
      // the client timed out and went away
    }
    Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> gw.primary.requestCount("stall") == 1);
  }
}
