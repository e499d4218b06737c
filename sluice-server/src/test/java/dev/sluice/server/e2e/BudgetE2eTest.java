package dev.sluice.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.dialect.openai.OpenAiChatRequest;
import dev.sluice.core.price.CostCalculator;
import dev.sluice.core.price.Money;
import dev.sluice.core.price.Price;
import dev.sluice.core.route.Capabilities;
import dev.sluice.server.config.ModelAlias;
import dev.sluice.server.config.RoutingSettings;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Budgets through the running gateway: exact under 1,000 concurrent requests, prompt release, tags, 402s. */
class BudgetE2eTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Price PRICE = new Price(1_000_000, 2_000_000); // $1 in, $2 out per million tokens
  private static TwoProviders gw;

  private static ModelAlias.Deployment priced(String model) {
    return new ModelAlias.Deployment(model, 1, 0, null, Capabilities.ALL, false, PRICE, null, null);
  }

  @BeforeAll
  static void start() {
    gw = new TwoProviders(List.of(
        // Slow enough that every one of the 1,000 requests is admitted or refused before any settles.
        new ModelAlias("slow-priced", List.of(priced("primary/slow-4000"))),
        new ModelAlias("fast-priced", List.of(priced("primary/gpt-4o-mini"))),
        new ModelAlias("stream-priced", List.of(priced("primary/chunks-20-gap-50"))),
        new ModelAlias("failing-priced", List.of(priced("primary/error-500")))),
        new RoutingSettings(Duration.ofSeconds(2), Duration.ofSeconds(20), Duration.ofSeconds(20)).withRetries(0));
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static HttpResponse<String> admin(String method, String path, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.gateway.baseUrl() + path))
        .header("authorization", "Bearer " + TwoProviders.ADMIN_KEY).header("content-type", "application/json");
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> response = Http.send(b.build());
    assertThat(response.statusCode()).as(response.body()).isLessThan(300);
    return response;
  }

  private static String newKeyId(String name, String[] plaintext) {
    var issued = gw.gateway.keys().create(name, null);
    plaintext[0] = issued.plaintext();
    return issued.key().id();
  }

  private static JsonNode spend(String scope, String period) throws Exception {
    return JSON.readTree(admin("GET", "/admin/spend?scope=" + scope + "&period=" + period, null).body());
  }

  @Test
  void aThousandConcurrentRequestsAgainstABudgetThatFitsExactlyTwentyServeExactlyTwenty() throws Exception {
    String[] key = new String[1];
    String keyId = newKeyId("exact", key);
    String body = "{\"model\":\"slow-priced\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    long prompt = OpenAiChatRequest.parse(body.getBytes(StandardCharsets.UTF_8)).needs().promptTokens();
    long worstCase = CostCalculator.worstCaseNanos(PRICE, prompt, 50);
    long limit = 20 * worstCase;
    admin("POST", "/admin/budgets", "{\"scope\":\"key:" + keyId + "\",\"period\":\"total\",\"limit_usd\":\""
        + Money.usd(limit) + "\"}");

    HttpRequest request = HttpRequest.newBuilder(URI.create(gw.chatUrl()))
        .header("authorization", "Bearer " + key[0]).header("content-type", "application/json")
        .timeout(Duration.ofSeconds(60))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      all.add(Http.CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
    }
    int served = 0;
    int refused = 0;
    for (CompletableFuture<HttpResponse<String>> f : all) {
      HttpResponse<String> r = f.get();
      if (r.statusCode() == 200) {
        served++;
      } else if (r.statusCode() == 402) {
        refused++;
        if (refused == 1) {
          JsonNode error = JSON.readTree(r.body()).get("error");
          assertThat(error.get("type").asText()).isEqualTo("insufficient_quota");
          assertThat(error.get("message").asText()).contains("key:" + keyId);
        }
      }
    }
    assertThat(served).isEqualTo(20);
    assertThat(refused).isEqualTo(980);
    Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(spend("key:" + keyId, "total").get("reserved_usd").asText()).isEqualTo(Money.usd(0)));
    long settled = Money.parseUsd(spend("key:" + keyId, "total").get("settled_usd").asText());
    assertThat(settled).isPositive().isLessThanOrEqualTo(limit); // overspend 0
  }

  @Test
  void reservationsAreReleasedWithinFiveSecondsOfAStreamEndingFailingOrBeingAborted() throws Exception {
    String[] key = new String[1];
    String keyId = newKeyId("release", key);
    admin("POST", "/admin/budgets", "{\"scope\":\"key:" + keyId + "\",\"period\":\"daily\",\"limit_usd\":\"10\"}");
    String scope = "key:" + keyId;

    // A stream: reserved while it runs, settled after.
    CompletableFuture<HttpResponse<String>> streaming = Http.CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(gw.chatUrl()))
        .header("authorization", "Bearer " + key[0])
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"stream-priced\",\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
    Awaitility.await().atMost(Duration.ofSeconds(3)).until(() ->
        Money.parseUsd(spend(scope, "daily").get("reserved_usd").asText()) > 0);
    streaming.get();
    Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      JsonNode s = spend(scope, "daily");
      assertThat(s.get("reserved_usd").asText()).isEqualTo(Money.usd(0));
      assertThat(Money.parseUsd(s.get("settled_usd").asText())).isPositive();
    });
    long settledAfterStream = Money.parseUsd(spend(scope, "daily").get("settled_usd").asText());

    // A failure: released, nothing settled.
    assertThat(Http.post(gw.chatUrl(), key[0], "{\"model\":\"failing-priced\",\"messages\":[{\"role\":\"user\","
        + "\"content\":\"hi\"}]}").statusCode()).isEqualTo(502);
    Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(spend(scope, "daily").get("reserved_usd").asText()).isEqualTo(Money.usd(0)));
    assertThat(Money.parseUsd(spend(scope, "daily").get("settled_usd").asText())).isEqualTo(settledAfterStream);

    // An abort: the client leaves mid-stream; what streamed is settled, the rest released.
    HttpResponse<java.io.InputStream> aborted = Http.CLIENT.send(HttpRequest.newBuilder(URI.create(gw.chatUrl()))
        .header("authorization", "Bearer " + key[0])
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"stream-priced\",\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(), HttpResponse.BodyHandlers.ofInputStream());
    try (java.io.InputStream in = aborted.body()) {
      in.readNBytes(1500);
    }
    Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      JsonNode s = spend(scope, "daily");
      assertThat(s.get("reserved_usd").asText()).isEqualTo(Money.usd(0));
      assertThat(Money.parseUsd(s.get("settled_usd").asText())).isGreaterThan(settledAfterStream);
    });
  }

  @Test
  void aTagBudgetIsSharedAcrossKeys() {
    admin("POST", "/admin/budgets", "{\"scope\":\"tag:cost_center=cc-9\",\"period\":\"monthly\","
        + "\"limit_usd\":\"0.000001\"}");
    String body = "{\"model\":\"fast-priced\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    for (String key : List.of(gw.key, gw.gateway.keys().create("other", null).plaintext())) {
      HttpResponse<String> tagged = Http.send(HttpRequest.newBuilder(URI.create(gw.chatUrl()))
          .header("authorization", "Bearer " + key).header("x-sluice-tags", "cost_center=cc-9")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build());
      assertThat(tagged.statusCode()).as(tagged.body()).isEqualTo(402);
      assertThat(tagged.body()).contains("cost_center=cc-9");
    }
    HttpResponse<String> viaMetadata = Http.post(gw.chatUrl(), gw.key, "{\"model\":\"fast-priced\",\"max_tokens\":10,"
        + "\"metadata\":{\"cost_center\":\"cc-9\"},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(viaMetadata.statusCode()).isEqualTo(402);
  }
}
