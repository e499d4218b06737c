package dev.sluice.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.server.config.RoutingSettings;
import dev.sluice.server.config.ServerSettings;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Byte-level checks of the SSE relay: framing, flushing per event, usage handling, keep-alive and faults. */
class StreamingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static GatewayHarness harness;

  @BeforeAll
  static void start() {
    harness = GatewayHarness.start(c -> GatewayHarness.withRouting(
        GatewayHarness.withServer(c, new ServerSettings("127.0.0.1", 0, 64 * 1024, null, Duration.ofMillis(300))),
        new RoutingSettings(Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(1000))));
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  private static Http.StreamResult stream(String model, boolean includeUsage) {
    String body = "{\"model\":\"" + model + "\",\"stream\":true,"
        + (includeUsage ? "\"stream_options\":{\"include_usage\":true}," : "")
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    return Http.stream(harness.baseUrl() + "/v1/chat/completions", harness.key, body);
  }

  @Test
  void eventsAreFramedAsTheProviderSentThemAndEndWithDone() throws Exception {
    Http.StreamResult result = stream("fake/chunks-5", false);
    HttpResponse<?> response = result.response();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
    assertThat(response.headers().firstValue("content-encoding")).isEmpty();
    assertThat(response.headers().firstValue("x-request-id")).isPresent();
    List<String> texts = result.texts();
    assertThat(texts.get(texts.size() - 1)).isEqualTo("data: [DONE]");
    StringBuilder content = new StringBuilder();
    for (String event : texts.subList(0, texts.size() - 1)) {
      assertThat(event).startsWith("data: ");
      JsonNode chunk = JSON.readTree(event.substring(6));
      assertThat(chunk.has("usage") && !chunk.get("usage").isNull()).as("no usage when not asked").isFalse();
      content.append(chunk.at("/choices/0/delta/content").asText(""));
    }
    assertThat(content.toString()).isEqualTo("tok0 tok1 tok2 tok3 tok4 ");
  }

  @Test
  void usageChunkComesLastBeforeDoneWhenAsked() throws Exception {
    List<String> texts = stream("fake/chunks-3", true).texts();
    assertThat(texts.get(texts.size() - 1)).isEqualTo("data: [DONE]");
    JsonNode usageChunk = JSON.readTree(texts.get(texts.size() - 2).substring(6));
    assertThat(usageChunk.get("choices")).isEmpty();
    assertThat(usageChunk.at("/usage/completion_tokens").asLong()).isEqualTo(3);
  }

  @Test
  void eachEventIsFlushedAsItArrivesNotBuffered() {
    // 6 pieces, 150 ms apart upstream: if the gateway buffered, they would all arrive together at the end.
    List<Http.TimedEvent> events = stream("fake/chunks-6-gap-150", false).events();
    List<Http.TimedEvent> content = events.stream().filter(e -> e.text().contains("tok")).toList();
    assertThat(content).hasSize(6);
    long spreadMs = (content.get(5).arrivedNanos() - content.get(0).arrivedNanos()) / 1_000_000;
    assertThat(spreadMs).isGreaterThanOrEqualTo(500);
  }

  @Test
  void aSilentUpstreamGetsKeepAliveCommentsToTheClient() {
    // Keep-alive is 300 ms here; the provider pauses 600 ms between pieces (first-token deadline: 1000 ms).
    Http.StreamResult result = stream("fake/chunks-2-gap-600", false);
    assertThat(result.texts()).contains(": ping");
    assertThat(result.texts().get(result.texts().size() - 1)).isEqualTo("data: [DONE]");
  }

  @Test
  void aStallAfterTheFirstEventEndsWithAnInBandError() throws Exception {
    List<String> texts = stream("fake/stall-midstream", false).texts();
    String last = texts.get(texts.size() - 1);
    assertThat(last).startsWith("data: ");
    assertThat(JSON.readTree(last.substring(6)).at("/error/message").asText()).contains("stalled");
    assertThat(texts).doesNotContain("data: [DONE]");
  }

  @Test
  void aTruncatedStreamIsReportedNotHidden() throws Exception {
    List<String> texts = stream("fake/truncate", false).texts();
    String last = texts.get(texts.size() - 1);
    assertThat(JSON.readTree(last.substring(6)).has("error")).isTrue();
    assertThat(texts).doesNotContain("data: [DONE]");
  }

  @Test
  void noFirstEventInTimeIsA504BeforeAnyStreamByte() {
    var response = Http.post(harness.baseUrl() + "/v1/chat/completions", harness.key,
        "{\"model\":\"fake/stall\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(response.statusCode()).isEqualTo(504);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(response.body()).contains("\"error\"");
  }

  @Test
  void anUpstreamErrorStatusOnAStreamIsARegularErrorResponse() {
    var response = Http.post(harness.baseUrl() + "/v1/chat/completions", harness.key,
        "{\"model\":\"fake/error-503\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.body()).contains("\"type\"");
  }

  @Test
  void clientDisconnectCancelsTheUpstreamStream() throws Exception {
    int before = harness.fake.cancelledStreams();
    var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(harness.baseUrl() + "/v1/chat/completions"))
        .header("authorization", "Bearer " + harness.key)
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
            "{\"model\":\"fake/chunks-50-gap-100\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
        .build();
    HttpResponse<java.io.InputStream> response =
        Http.CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (java.io.InputStream in = response.body()) {
      in.readNBytes(100); // the stream is flowing...
    } // ...and the client goes away
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(3))
        .until(() -> harness.fake.cancelledStreams() > before);
  }
}
