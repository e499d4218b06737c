package dev.sluice.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What bad input and refused callers get: OpenAI-shaped errors, right statuses, request ids, no leaks. */
class AdmissionAndErrorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static GatewayHarness harness;
  private static String chatUrl;

  @BeforeAll
  static void start() {
    harness = GatewayHarness.start(); // max body is 64 KiB in the harness
    chatUrl = harness.baseUrl() + "/v1/chat/completions";
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  private static JsonNode errorOf(HttpResponse<String> response) throws Exception {
    assertThat(response.headers().firstValue("x-request-id")).isPresent();
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode error = JSON.readTree(response.body()).get("error");
    assertThat(error).isNotNull();
    assertThat(error.has("message") && error.has("type") && error.has("param") && error.has("code")).isTrue();
    assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    return error;
  }

  @Test
  void missingKeyIs401() throws Exception {
    var response = Http.post(chatUrl, null, "{}");
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(errorOf(response).get("message").asText()).contains("Missing API key");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "not-a-key",
      "sk-sluice-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      "x' OR '1'='1",
      "sk-sluice-${jndi:ldap://127.0.0.1/a}",
  })
  void badKeysAre401AndNeverEchoed(String key) throws Exception {
    var response = Http.post(chatUrl, key, "{}");
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(errorOf(response).get("code").asText()).isEqualTo("invalid_api_key");
    assertThat(response.body()).doesNotContain(key);
  }

  @Test
  void xApiKeyHeaderIsAcceptedToo() {
    var request = HttpRequest.newBuilder(URI.create(harness.baseUrl() + "/v1/models"))
        .header("x-api-key", harness.key).GET().build();
    assertThat(Http.send(request).statusCode()).isEqualTo(200);
  }

  @Test
  void revokedAndExpiredKeysAreRefused() {
    var keys = harness.gateway.keys();
    var revoked = keys.create("to-revoke", null);
    assertThat(keys.revoke(revoked.key().id())).isTrue();
    assertThat(Http.get(harness.baseUrl() + "/v1/models", revoked.plaintext()).statusCode()).isEqualTo(401);
    var expired = keys.create("expired", Instant.now().minusSeconds(1));
    assertThat(Http.get(harness.baseUrl() + "/v1/models", expired.plaintext()).statusCode()).isEqualTo(401);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{not json                                                            | ",
      "[]                                                                   | ",
      "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}                     | model",
      "{\"model\":\"fake/gpt-4o-mini\"}                                         | messages",
      "{\"model\":\"fake/gpt-4o-mini\",\"messages\":\"hi\"}                       | messages",
      "{\"model\":42,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}         | model",
      "{\"model\":\"fake/gpt-4o-mini\",\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]} | stream",
  })
  void malformedBodiesAre400WithTheOffendingParam(String body, String param) throws Exception {
    var response = Http.post(chatUrl, harness.key, body);
    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = errorOf(response);
    assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
    if (param != null) {
      assertThat(error.get("param").asText()).startsWith(param);
    }
  }

  @Test
  void bodyOverTheLimitIs413WithContentLength() throws Exception {
    String big = "{\"model\":\"fake/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\""
        + "x".repeat(70 * 1024) + "\"}]}";
    var response = Http.post(chatUrl, harness.key, big);
    assertThat(response.statusCode()).isEqualTo(413);
    errorOf(response);
  }

  @Test
  void chunkedBodyOverTheLimitIs413WithoutReadingItAll() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", harness.gateway.port())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + harness.key
          + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = "x".repeat(16 * 1024).getBytes(StandardCharsets.US_ASCII);
      try {
        for (int i = 0; i < 8; i++) { // 128 KiB, twice the limit
          out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(chunk);
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
      } catch (java.io.IOException closedEarly) {
        // the gateway may close the connection while we are still sending: that is the point
      }
      InputStream in = socket.getInputStream();
      String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      assertThat(head).isEqualTo("HTTP/1.1 413");
    }
  }

  @Test
  void unknownPathsAre404AndWrongMethodsAre405() throws Exception {
    var unknown = Http.post(harness.baseUrl() + "/v1/nope", harness.key, "{}");
    assertThat(unknown.statusCode()).isEqualTo(404);
    errorOf(unknown);
    var doubleSlash = Http.post(harness.baseUrl() + "//v1/chat/completions", harness.key, "{}");
    assertThat(doubleSlash.statusCode()).isEqualTo(404);
    var wrongMethod = Http.get(chatUrl, harness.key);
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.headers().firstValue("allow")).hasValue("POST");
    errorOf(wrongMethod);
  }

  @Test
  void healthProbesNeedNoKey() {
    assertThat(Http.get(harness.baseUrl() + "/health/live", null).statusCode()).isEqualTo(200);
    var ready = Http.get(harness.baseUrl() + "/health/ready", null);
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).contains("ready");
  }

  @Test
  void passthroughChangesOnlyTheModelAndTheStreamUsageOption() throws Exception {
    String body = "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
        + "\"temperature\":0.2,\"vendor_extension\":{\"nested\":[1,2,{\"x\":null}]},\"seed\":7}";
    assertThat(Http.post(chatUrl, harness.key, body).statusCode()).isEqualTo(200);
    JsonNode sent = JSON.readTree(body);
    JsonNode received = harness.fake.lastRequest().json();
    ((com.fasterxml.jackson.databind.node.ObjectNode) sent).put("model", "gpt-4o-mini");
    assertThat(received).isEqualTo(sent);
  }

  @Test
  void clientCannotChooseTheUpstreamHost() {
    String body = "{\"model\":\"fake/gpt-4o-mini\",\"api_base\":\"http://169.254.169.254\","
        + "\"base_url\":\"http://evil.example\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    var request = HttpRequest.newBuilder(URI.create(chatUrl))
        .header("authorization", "Bearer " + harness.key)
        .header("x-forwarded-host", "evil.example")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    int before = harness.fake.requests().size();
    // Refused, naming the field (UpstreamOverrides); nothing goes upstream. UpstreamOverrideTest covers the rest.
    var response = Http.send(request);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"param\":\"api_base\"");
    assertThat(harness.fake.requests()).hasSize(before);
  }

  @Test
  void nonStreamingStallIs504AndUnreachableProviderIs502() throws Exception {
    var stall = Http.post(chatUrl, harness.key,
        "{\"model\":\"fake/stall\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(stall.statusCode()).isEqualTo(504);
    errorOf(stall);
  }

  @Test
  void upstreamCredentialFailureIsA502ThatLeaksNothing() throws Exception {
    var response = Http.post(chatUrl, harness.key,
        "{\"model\":\"fake/error-401\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(errorOf(response).get("message").asText()).contains("fake").doesNotContain("sk-");
    assertThat(response.body()).doesNotContain(harness.fake.apiKey());
  }

  @Test
  void embeddingsValidateTheirInput() throws Exception {
    var response = Http.post(harness.baseUrl() + "/v1/embeddings", harness.key,
        "{\"model\":\"fake/text-embedding-3-small\"}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(errorOf(response).get("param").asText()).isEqualTo("input");
  }

}
