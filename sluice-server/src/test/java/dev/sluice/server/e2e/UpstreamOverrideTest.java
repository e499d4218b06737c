package dev.sluice.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.testkit.RecordedRequest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RELIABILITY A3#17: a caller cannot choose the upstream host or credentials. Body fields that try to (LiteLLM's
 * {@code api_base}, {@code aws_*}, ...) are refused with a 400 naming the field, on every dialect; headers that
 * try to ({@code x-portkey-custom-host}, {@code x-sluice-upstream}, {@code x-forwarded-host}) are ignored, as are
 * all client headers: the provider gets only its own configured headers. A canary listener, the target of every
 * override, must see no connection; the stored provider key reaches only the configured fake; the caller's own
 * key never reaches the provider.
 */
class UpstreamOverrideTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static GatewayHarness harness;
  private static CanaryListener canary;

  @BeforeAll
  static void start() {
    canary = new CanaryListener();
    harness = GatewayHarness.start();
  }

  @AfterAll
  static void stop() {
    harness.close();
    canary.close();
    assertThat(canary.connections()).as("connections to the canary host").isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"api_base", "base_url", "api_key", "aws_access_key_id", "aws_secret_access_key",
      "aws_region_name", "azure_endpoint", "api_version", "vertex_project", "custom_llm_provider"})
  void aBodyFieldChoosingTheHostOrCredentialIsA400NamingItOnEveryDialect(String field) throws Exception {
    String value = "\"" + canary.url() + "\"";
    int upstream = harness.fake.requests().size();
    for (String path : List.of("/v1/chat/completions", "/v1/messages", "/v1/responses", "/v1/embeddings")) {
      String body = switch (path) {
        case "/v1/messages" -> "{\"model\":\"fake/gpt-4o-mini\",\"max_tokens\":8,\"" + field + "\":" + value
            + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        case "/v1/responses" -> "{\"model\":\"fake/gpt-4o-mini\",\"input\":\"hi\",\"" + field + "\":" + value + "}";
        case "/v1/embeddings" -> "{\"model\":\"fake/text-embedding-3-small\",\"input\":\"hi\",\"" + field + "\":" + value + "}";
        default -> "{\"model\":\"fake/gpt-4o-mini\",\"" + field + "\":" + value
            + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true}";
      };
      HttpResponse<String> response = Http.post(harness.baseUrl() + path, harness.key, body);
      assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(400);
      JsonNode json = JSON.readTree(response.body());
      if (path.equals("/v1/messages")) {
        assertThat(json.get("type").asText()).isEqualTo("error");
        assertThat(json.at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(json.at("/error/message").asText()).contains("'" + field + "'");
      } else {
        assertThat(json.at("/error/param").asText()).as(response.body()).isEqualTo(field);
        assertThat(json.at("/error/code").asText()).isEqualTo("upstream_override_refused");
      }
      assertThat(response.body()).doesNotContain(canary.url());
    }
    assertThat(harness.fake.requests()).hasSize(upstream);
    assertThat(canary.connections()).isZero();
  }

  @Test
  void theSameNamesInsideTheContentAreNotRefused() {
    String body = "{\"model\":\"fake/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"what is an api_base?\"}],"
        + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"connect\",\"parameters\":{\"type\":\"object\","
        + "\"properties\":{\"api_key\":{\"type\":\"string\"},\"base_url\":{\"type\":\"string\"}}}}}]}";
    HttpResponse<String> response = Http.post(harness.baseUrl() + "/v1/chat/completions", harness.key, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  @Test
  void upstreamChoosingHeadersAreIgnoredAndOnlyTheConfiguredProviderGetsItsKey() {
    Map<String, String> hostile = Map.of(
        "x-portkey-custom-host", canary.url(),
        "x-sluice-upstream", canary.url(),
        "x-forwarded-host", "127.0.0.1:" + URI.create(canary.url()).getPort(),
        "x-portkey-api-key", "sk-client-MARKCLIENTKEY",
        "openai-organization", "org-MARKORG");
    for (boolean stream : new boolean[] {false, true}) {
      harness.fake.clearRequests();
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(harness.baseUrl() + "/v1/chat/completions"))
          .timeout(Duration.ofSeconds(10))
          .header("authorization", "Bearer " + harness.key).header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"fake/gpt-4o-mini\",\"stream\":" + stream
              + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
      hostile.forEach(request::header);
      HttpResponse<String> response = Http.send(request.build());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(harness.fake.requests()).hasSize(1);
      RecordedRequest got = harness.fake.lastRequest();
      assertThat(got.header("authorization")).isEqualTo("Bearer " + harness.fake.apiKey());
      for (Map.Entry<String, String> header : got.headers().entrySet()) {
        assertThat(header.getValue()).as(header.getKey()).doesNotContain(harness.key).doesNotContain("MARK")
            .doesNotContain(canary.url());
      }
      assertThat(got.headers().keySet()).doesNotContainAnyElementsOf(hostile.keySet());
      assertThat(got.body()).doesNotContain(harness.key);
    }
    assertThat(canary.connections()).isZero();
  }

  @Test
  void anAnthropicCallersKeyNeverReachesTheProvider() {
    harness.fake.clearRequests();
    HttpResponse<String> response = Http.send(HttpRequest.newBuilder(URI.create(harness.baseUrl() + "/v1/messages"))
        .timeout(Duration.ofSeconds(10)).header("x-api-key", harness.key).header("anthropic-version", "2023-06-01")
        .header("content-type", "application/json").header("x-portkey-custom-host", canary.url())
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"fake/gpt-4o-mini\",\"max_tokens\":8,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    RecordedRequest got = harness.fake.lastRequest();
    assertThat(got.header("authorization")).isEqualTo("Bearer " + harness.fake.apiKey());
    assertThat(got.header("x-api-key")).isNull();
    assertThat(got.headers().values()).noneMatch(v -> v.contains(harness.key));
    assertThat(canary.connections()).isZero();
  }
}
