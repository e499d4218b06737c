package dev.sluice.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.key.VirtualKeys;
import dev.sluice.server.e2e.DialectWire.Dialect;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The gateway's own refusals in each caller's dialect: an Anthropic client on {@code /v1/messages} (and
 * {@code count_tokens}) gets Anthropic's {@code {"type":"error","error":{...}}} with the right status for a
 * bad key, a bad body (naming the field's path), an unknown model, a wrong method and a body too large,
 * while OpenAI and Responses callers get OpenAI's error object for the same faults; and count_tokens'
 * estimate. No provider is called for any of these; no response carries a credential.
 */
class DialectErrorsTest {
  private static EveryProvider every;
  private static DialectWire wire;

  @BeforeAll
  static void start() {
    every = new EveryProvider();
    wire = new DialectWire(every.baseUrl(), every.key, every.providerSecrets());
  }

  @AfterAll
  static void stop() {
    if (every != null) {
      every.close();
    }
  }

  private static int providerRequests() {
    return every.openai.requests().size() + every.anthropic.requests().size() + every.gemini.requests().size()
        + every.bedrock.requests().size() + every.cohere.requests().size();
  }

  /** Any key this gateway never issued: one that is malformed, and one well-formed (checksum and all). */
  private static List<String> badKeys() {
    return List.of("sk-sluice-not-a-real-key-4f1d2c3b", VirtualKeys.generate(new SecureRandom()));
  }

  // 6. Refusals in the caller's dialect.

  @ParameterizedTest(name = "bad key, {0} caller")
  @EnumSource(Dialect.class)
  void aBadKeyIsA401InTheCallersDialectAndIsNeverEchoed(Dialect dialect) {
    int before = providerRequests();
    for (String bad : badKeys()) {
      for (Map<String, String> headers : List.of(Map.of("authorization", "Bearer " + bad),
          Map.of("x-api-key", bad, "anthropic-version", "2023-06-01"))) {
        HttpResponse<String> r = wire.post(dialect.path, dialect.body("anthropic/model-a", "Hi", false), headers);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        dialect.assertErrorBody(r.body(), "invalid_request_error", "authentication_error");
        assertThat(r.body()).doesNotContain(bad).doesNotContain(bad.substring(10, 20));
        r.headers().map().forEach((name, values) -> assertThat(values).noneMatch(v -> v.contains(bad)));
      }
    }
    HttpResponse<String> none = wire.post(dialect.path, dialect.body("anthropic/model-a", "Hi", false), Map.of());
    assertThat(none.statusCode()).isEqualTo(401);
    dialect.assertErrorBody(none.body(), "invalid_request_error", "authentication_error");
    assertThat(providerRequests()).isEqualTo(before);
  }

  @Test
  void countTokensWithABadKeyIsAnAnthropic401() {
    HttpResponse<String> r = wire.post("/v1/messages/count_tokens",
        "{\"model\":\"anthropic/model-a\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
        Map.of("x-api-key", "sk-sluice-wrong", "anthropic-version", "2023-06-01"));
    assertThat(r.statusCode()).isEqualTo(401);
    Dialect.ANTHROPIC.assertErrorBody(r.body(), null, "authentication_error");
    assertThat(r.body()).doesNotContain("sk-sluice-wrong");
  }

  @Test
  void anInvalidMessagesBodyIsAnAnthropic400NamingTheFieldPath() {
    Map<String, String> auth = Dialect.ANTHROPIC.auth(every.key);
    int before = providerRequests();
    HttpResponse<String> badBlock = wire.post("/v1/messages", "{\"model\":\"anthropic/model-a\",\"max_tokens\":64,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":\"Hello\"},"
        + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"bogus\"}]}]}", auth);
    assertThat(badBlock.statusCode()).as(badBlock.body()).isEqualTo(400);
    String message = Dialect.ANTHROPIC.assertErrorBody(badBlock.body(), null, "invalid_request_error");
    assertThat(message).startsWith("messages.2.content.1.type").contains("bogus");

    HttpResponse<String> noMaxTokens = wire.post("/v1/messages",
        "{\"model\":\"anthropic/model-a\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", auth);
    assertThat(noMaxTokens.statusCode()).isEqualTo(400);
    assertThat(Dialect.ANTHROPIC.assertErrorBody(noMaxTokens.body(), null, "invalid_request_error"))
        .startsWith("max_tokens");

    HttpResponse<String> badRole = wire.post("/v1/messages", "{\"model\":\"anthropic/model-a\",\"max_tokens\":64,"
        + "\"messages\":[{\"role\":\"robot\",\"content\":\"Hi\"}]}", auth);
    assertThat(badRole.statusCode()).isEqualTo(400);
    assertThat(Dialect.ANTHROPIC.assertErrorBody(badRole.body(), null, "invalid_request_error"))
        .startsWith("messages.0.role");

    HttpResponse<String> notJson = wire.post("/v1/messages", "{\"model\": \"anthropic/model-a\", \"max_tokens\": ",
        auth);
    assertThat(notJson.statusCode()).isEqualTo(400);
    Dialect.ANTHROPIC.assertErrorBody(notJson.body(), null, "invalid_request_error");
    assertThat(providerRequests()).isEqualTo(before);
  }

  @ParameterizedTest(name = "unknown model, {0} caller")
  @EnumSource(Dialect.class)
  void anUnknownModelIsA404InTheCallersDialect(Dialect dialect) {
    for (boolean stream : new boolean[] {false, true}) {
      HttpResponse<String> r = wire.post(dialect, dialect.body("no-such-model", "Hi", stream));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
      String message = dialect.assertErrorBody(r.body(), "invalid_request_error", "not_found_error");
      assertThat(message).contains("no-such-model");
    }
  }

  @Test
  void aWrongMethodIsAnAnthropic405() {
    for (String path : List.of("/v1/messages", "/v1/messages/count_tokens")) {
      HttpResponse<String> r = wire.send(HttpRequest.newBuilder(URI.create(every.baseUrl() + path))
          .timeout(DialectWire.TIMEOUT).header("x-api-key", every.key).GET().build());
      assertThat(r.statusCode()).as(path).isEqualTo(405);
      assertThat(r.headers().firstValue("allow")).hasValue("POST");
      assertThat(Dialect.ANTHROPIC.assertErrorBody(r.body(), null, "invalid_request_error")).contains("POST");
    }
    HttpResponse<String> openAi = wire.send(HttpRequest.newBuilder(URI.create(every.baseUrl() + "/v1/chat/completions"))
        .timeout(DialectWire.TIMEOUT).header("authorization", "Bearer " + every.key).GET().build());
    assertThat(openAi.statusCode()).isEqualTo(405);
    Dialect.OPENAI.assertErrorBody(openAi.body(), "invalid_request_error", null);
  }

  @Test
  void aBodyOverTheLimitIsAnAnthropic413() {
    String big = "x".repeat((1 << 20) + 1024);
    HttpResponse<String> r = wire.post(Dialect.ANTHROPIC, Dialect.ANTHROPIC.body("anthropic/model-a", big, false));
    assertThat(r.statusCode()).isEqualTo(413);
    Dialect.ANTHROPIC.assertErrorBody(r.body(), null, "request_too_large");
  }

  // 7. count_tokens.

  private static long countTokens(String body) {
    HttpResponse<String> r = wire.post("/v1/messages/count_tokens", body, Dialect.ANTHROPIC.auth(every.key));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("x-sluice-estimated")).hasValue("true");
    assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith(
        "application/json"));
    JsonNode json = DialectWire.parse(r.body());
    assertThat(json.fieldNames()).toIterable().containsExactly("input_tokens");
    assertThat(json.get("input_tokens").isIntegralNumber()).isTrue();
    return json.get("input_tokens").asLong();
  }

  private static String countBody(String model, String prompt, String extra) {
    return "{\"model\":\"" + model + "\"" + extra + ",\"messages\":[{\"role\":\"user\",\"content\":"
        + DialectWire.quote(prompt) + "}]}";
  }

  @Test
  void countTokensEstimatesAndGrowsWithThePrompt() {
    int before = providerRequests();
    long small = countTokens(countBody("anthropic/model-a", "Hi there", ""));
    long longer = countTokens(countBody("anthropic/model-a", "Hi there. " + "Tell me about the sea. ".repeat(50), ""));
    long withSystem = countTokens(countBody("anthropic/model-a", "Hi there",
        ",\"system\":\"You are a pirate who speaks only in rhymes about the weather.\""));
    long withTool = countTokens(countBody("anthropic/model-a", "Hi there", ",\"tools\":[{\"name\":\"get_weather\","
        + "\"description\":\"The weather in a city, today and tomorrow\",\"input_schema\":{\"type\":\"object\","
        + "\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}]"));
    assertThat(small).isPositive();
    assertThat(longer).isGreaterThan(small + 100);
    assertThat(withSystem).isGreaterThan(small);
    assertThat(withTool).isGreaterThan(small);
    // An estimate for any provider's model, not a call to the provider.
    assertThat(countTokens(countBody("gemini/model-a", "Hi there", ""))).isEqualTo(small);
    assertThat(providerRequests()).isEqualTo(before);
  }

  @Test
  void anInvalidCountTokensBodyIsAnAnthropic400() {
    HttpResponse<String> r = wire.post("/v1/messages/count_tokens", "{\"model\":\"anthropic/model-a\","
        + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\"}]}]}", Dialect.ANTHROPIC.auth(every.key));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(Dialect.ANTHROPIC.assertErrorBody(r.body(), null, "invalid_request_error")).startsWith("messages.0.content.0");
  }
}
