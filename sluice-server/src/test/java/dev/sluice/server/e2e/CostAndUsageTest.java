package dev.sluice.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.model.UsageSource;
import dev.sluice.core.price.Price;
import dev.sluice.core.route.Capabilities;
import dev.sluice.server.config.ModelAlias;
import dev.sluice.core.usage.AttemptRecord;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One authoritative cost per request, the same number in the header, in {@code usage.cost} and in the
 * attempt record; cost caps; unpriced models; tags; estimated usage when the client goes away mid-stream.
 */
class CostAndUsageTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TwoProviders gw;

  @BeforeAll
  static void start() {
    // A long stream at gpt-4o-mini's list price, for the client-gone test.
    ModelAlias pricedStream = new ModelAlias("priced-stream", List.of(new ModelAlias.Deployment(
        "primary/chunks-40-gap-30", 1, 0, null, Capabilities.ALL, false, new Price(150_000, 600_000), null, null)));
    gw = new TwoProviders(List.of(pricedStream), TwoProviders.fastRouting(0));
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static HttpResponse<String> chat(String model, String extra) {
    return Http.post(gw.chatUrl(), gw.key, "{\"model\":\"" + model + "\"" + extra
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"What is the price of tea?\"}]}");
  }

  /** gpt-4o-mini lists at $0.15 in and $0.60 out per million tokens: 150 and 600 nano-dollars per token. */
  private static long expectedNanos(JsonNode usage) {
    return usage.get("prompt_tokens").asLong() * 150 + usage.get("completion_tokens").asLong() * 600;
  }

  private static long nanos(String usd) {
    return new BigDecimal(usd).movePointRight(9).longValueExact();
  }

  private static AttemptRecord recordOf(HttpResponse<?> response) {
    String id = response.headers().firstValue("x-request-id").orElseThrow();
    Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> gw.records.stream().anyMatch(r -> r.requestId().equals(id)));
    return gw.records.stream().filter(r -> r.requestId().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void theCostHeaderUsageCostAndTheRecordAgree() throws Exception {
    HttpResponse<String> response = chat("primary/gpt-4o-mini", ",\"usage\":{\"include\":true}");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode usage = JSON.readTree(response.body()).get("usage");
    long expected = expectedNanos(usage);
    assertThat(nanos(response.headers().firstValue("x-sluice-cost").orElseThrow())).isEqualTo(expected);
    assertThat(usage.get("cost").decimalValue().movePointRight(9).longValueExact()).isEqualTo(expected);
    AttemptRecord record = recordOf(response);
    assertThat(record.costNanos()).isEqualTo(expected);
    assertThat(record.priced()).isTrue();
    // The accounting switch never reaches the provider.
    assertThat(gw.primary.lastRequest().json().has("usage")).isFalse();
  }

  @Test
  void aStreamCarriesTheCostInItsUsageChunk() throws Exception {
    Http.StreamResult result = Http.stream(gw.chatUrl(), gw.key, "{\"model\":\"primary/gpt-4o-mini\",\"stream\":true,"
        + "\"usage\":{\"include\":true},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    List<String> texts = result.texts();
    JsonNode usageChunk = JSON.readTree(texts.get(texts.size() - 2).substring(6));
    JsonNode usage = usageChunk.get("usage");
    assertThat(usage.get("cost").decimalValue().movePointRight(9).longValueExact()).isEqualTo(expectedNanos(usage));
    AttemptRecord record = recordOf(result.response());
    assertThat(record.costNanos()).isEqualTo(expectedNanos(usage));
  }

  @Test
  void anUnknownPriceIsNeverFree() throws Exception {
    HttpResponse<String> response = chat("primary/house-special", ",\"usage\":{\"include\":true}");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-sluice-cost")).hasValue("unpriced");
    JsonNode cost = JSON.readTree(response.body()).at("/usage/cost");
    assertThat(cost.isNull()).as("usage.cost of an unpriced model is JSON null").isTrue();
    AttemptRecord record = recordOf(response);
    assertThat(record.priced()).isFalse();
    String metrics = Http.get(gw.gateway.baseUrl() + "/metrics", TwoProviders.ADMIN_KEY).body();
    assertThat(metrics).contains("sluice_unpriced_attempts_total{provider=\"primary\"}");
  }

  @Test
  void maxCostRefusesUpFrontWhenTheWorstCaseExceedsIt() {
    int before = gw.primary.requests().size();
    HttpResponse<String> refused = chat("primary/gpt-4o-mini", ",\"max_tokens\":100000,\"max_cost\":0.001");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("max_cost");
    assertThat(gw.primary.requests()).hasSize(before);
    HttpResponse<String> fits = chat("primary/gpt-4o-mini", ",\"max_tokens\":100,\"max_cost\":0.001");
    assertThat(fits.statusCode()).isEqualTo(200);
    assertThat(chat("primary/house-special", ",\"max_cost\":1").statusCode()).isEqualTo(400); // unpriced: unbounded
  }

  @Test
  void tagsFromMetadataAndTheHeaderReachTheRecord() {
    HttpRequest request = HttpRequest.newBuilder(URI.create(gw.chatUrl()))
        .header("authorization", "Bearer " + gw.key)
        .header("x-sluice-tags", "cost_center=cc-42, project=search")
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"primary/gpt-4o-mini\",\"metadata\":{\"team\":\"ml\"},"
            + "\"user\":\"end-user-7\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
        .build();
    HttpResponse<String> response = Http.send(request);
    AttemptRecord record = recordOf(response);
    assertThat(record.tags()).containsEntry("cost_center", "cc-42").containsEntry("project", "search")
        .containsEntry("team", "ml");
    assertThat(record.user()).isEqualTo("end-user-7");
    HttpRequest bad = HttpRequest.newBuilder(URI.create(gw.chatUrl()))
        .header("authorization", "Bearer " + gw.key).header("x-sluice-tags", "no-equals-sign")
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"primary/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
        .build();
    assertThat(Http.send(bad).statusCode()).isEqualTo(400);
  }

  @Test
  void aClientThatLeavesMidStreamStillLeavesARecordWithTheTokensProduced() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(gw.chatUrl()))
        .header("authorization", "Bearer " + gw.key)
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"priced-stream\",\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
        .build();
    HttpResponse<java.io.InputStream> response = Http.CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
    String id = response.headers().firstValue("x-request-id").orElseThrow();
    try (java.io.InputStream in = response.body()) {
      in.readNBytes(3000); // a handful of chunks, then the client goes away
    }
    Awaitility.await().atMost(Duration.ofSeconds(3))
        .until(() -> gw.records.stream().anyMatch(r -> r.requestId().equals(id)));
    AttemptRecord record = gw.records.stream().filter(r -> r.requestId().equals(id)).findFirst().orElseThrow();
    assertThat(record.outcome()).isEqualTo(AttemptRecord.Outcome.CLIENT_GONE);
    assertThat(record.clientDisconnected()).isTrue();
    assertThat(record.usage().source()).isEqualTo(UsageSource.ESTIMATED);
    assertThat(record.usage().outputTokens()).isBetween(1L, 39L);
    assertThat(record.costNanos()).isPositive();
  }

  @Test
  void whenTheProviderOmitsUsageTokensAreEstimatedAndFlagged() throws Exception {
    HttpResponse<String> unary = chat("primary/no-usage", "");
    assertThat(JSON.readTree(unary.body()).has("usage")).isFalse();
    AttemptRecord unaryRecord = recordOf(unary);
    assertThat(unaryRecord.usage().source()).isEqualTo(UsageSource.ESTIMATED);
    assertThat(unaryRecord.usage().inputTokens()).isPositive();   // counted with jtokkit
    assertThat(unaryRecord.usage().outputTokens()).isPositive();  // counted from the answer's text

    Http.StreamResult streamed = Http.stream(gw.chatUrl(), gw.key, "{\"model\":\"primary/no-usage-chunks-7\","
        + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(streamed.texts().get(streamed.texts().size() - 1)).isEqualTo("data: [DONE]");
    AttemptRecord streamRecord = recordOf(streamed.response());
    assertThat(streamRecord.usage().source()).isEqualTo(UsageSource.ESTIMATED);
    assertThat(streamRecord.usage().outputTokens()).isEqualTo(7); // one per content event
  }
}
