package dev.sluice.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RELIABILITY A2#10: hostile bearer tokens get the same generic 401, in the caller's dialect (OpenAI on
 * {@code /v1/chat/completions}, Anthropic on {@code /v1/messages}), before any upstream call; the token is never
 * echoed in the body nor written to the gateway's logs. Sent on raw sockets: HttpClient refuses NUL and
 * non-ASCII header bytes and repeated Authorization headers.
 */
class BearerTokenAbuseTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CHAT = "{\"model\":\"fake/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private static final String MESSAGES =
      "{\"model\":\"fake/gpt-4o-mini\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private static LogCapture logs;
  private static GatewayHarness harness;

  @BeforeAll
  static void start() {
    logs = LogCapture.attach();
    harness = GatewayHarness.start();
  }

  @AfterAll
  static void stop() {
    harness.close();
    logs.close();
  }

  /** Each token carries a marker that must not show up anywhere but in the request. */
  static Stream<Arguments> hostileTokens() {
    return Stream.of(
        Arguments.of("sqli", "' OR 1=1-- MARKSQLI"),
        Arguments.of("union", "sk-sluice-x' UNION SELECT key_hash FROM virtual_keys-- MARKUNION"),
        Arguments.of("unicode", "sk-sluice-MARKUNI-\u043a\u043b\u044e\u0447-\ud83d\udd11"),
        Arguments.of("jndi", "${jndi:ldap://127.0.0.1/MARKJNDI}"),
        Arguments.of("crafted shape", "sk-sluice-MARKSHAPE" + "A".repeat(30)));
  }

  static Stream<Arguments> routesAndTokens() {
    return hostileTokens().flatMap(t -> Stream.of(
        Arguments.of("/v1/chat/completions", "Authorization: Bearer ", t.get()[0], t.get()[1]),
        Arguments.of("/v1/messages", "x-api-key: ", t.get()[0], t.get()[1]),
        Arguments.of("/v1/messages", "Authorization: Bearer ", t.get()[0], t.get()[1])));
  }

  @ParameterizedTest(name = "{0} {1}{2}")
  @MethodSource("routesAndTokens")
  void hostileTokensAreAGeneric401InTheCallersDialectAndNeverEchoed(String path, String header, String name,
      String token) throws Exception {
    int upstreamBefore = harness.fake.requests().size();
    RawHttp.Answer answer = RawHttp.post(harness.gateway.port(), path, body(path), header + token);
    assertThat(answer.status()).as(name + ": " + answer.head()).isEqualTo(401);
    assertGeneric401(path, answer);
    assertNotLeaked(token, answer);
    assertThat(harness.fake.requests()).hasSize(upstreamBefore);
  }

  @Test
  void aNulByteInTheTokenIsRefusedByTheHttpLayerAndNotEchoed() {
    // RFC 9110 §5.5: NUL is not allowed in a field value. The HTTP decoder refuses the request with 400 before
    // any route or key check runs (the same for every path), and closes the connection.
    for (String path : List.of("/v1/chat/completions", "/v1/messages")) {
      int upstreamBefore = harness.fake.requests().size();
      RawHttp.Answer answer = RawHttp.post(harness.gateway.port(), path, body(path),
          "Authorization: Bearer sk-sluice-MARKNUL\u0000tail");
      assertThat(answer.status()).as(answer.head()).isEqualTo(400);
      assertThat(answer.head() + answer.body()).doesNotContain("MARKNUL");
      assertThat(harness.fake.requests()).hasSize(upstreamBefore);
    }
    assertThat(logs.text()).doesNotContain("MARKNUL");
  }

  @Test
  void aMegabyteTokenIsRefusedWith431BeforeAuthenticationAndNotEchoed() {
    // Decision: the header block is capped at 16 KiB (GatewayServer); a 1 MB token never reaches the key check,
    // so the answer is the HTTP layer's 431 (RFC 6585), not a 401. Either way the token stays out of body and log.
    String token = "sk-sluice-MARKHUGE" + "A".repeat(1 << 20);
    RawHttp.Answer answer = RawHttp.post(harness.gateway.port(), "/v1/chat/completions", CHAT,
        "Authorization: Bearer " + token);
    assertThat(answer.status()).as(answer.head()).isEqualTo(431);
    assertThat(answer.head() + answer.body()).doesNotContain("MARKHUGE");
    assertThat(logs.text()).doesNotContain("MARKHUGE");
  }

  static Stream<Arguments> missingOrAmbiguous() {
    String valid = "VALID";
    return Stream.of(
        Arguments.of("empty bearer", List.of("Authorization: Bearer "), "Missing API key"),
        Arguments.of("Bearer without a token", List.of("Authorization: Bearer"), "Missing API key"),
        Arguments.of("blank x-api-key", List.of("x-api-key:  "), "Missing API key"),
        Arguments.of("two Authorization headers, valid first",
            List.of("Authorization: Bearer " + valid, "Authorization: Bearer sk-sluice-MARKSECOND"), null),
        Arguments.of("two Authorization headers, valid second",
            List.of("Authorization: Bearer sk-sluice-MARKFIRST", "Authorization: Bearer " + valid), null),
        Arguments.of("valid bearer, other x-api-key",
            List.of("Authorization: Bearer " + valid, "x-api-key: sk-sluice-MARKXAPI"), null),
        Arguments.of("valid x-api-key, other bearer",
            List.of("x-api-key: " + valid, "Authorization: Bearer sk-sluice-MARKBEARER"), null),
        Arguments.of("two x-api-key headers", List.of("x-api-key: " + valid, "x-api-key: sk-sluice-MARKXTWO"), null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("missingOrAmbiguous")
  void missingOrAmbiguousKeysAre401OnBothDialects(String name, List<String> lines, String messagePart) throws Exception {
    String[] headers = lines.stream().map(l -> l.replace("VALID", harness.key)).toArray(String[]::new);
    for (String path : List.of("/v1/chat/completions", "/v1/messages")) {
      int upstreamBefore = harness.fake.requests().size();
      RawHttp.Answer answer = RawHttp.post(harness.gateway.port(), path, body(path), headers);
      assertThat(answer.status()).as(name + " on " + path + ": " + answer.head() + answer.body()).isEqualTo(401);
      JsonNode error = assertGeneric401(path, answer);
      if (messagePart != null) {
        assertThat(error.get("message").asText()).contains(messagePart);
      }
      assertThat(answer.body()).doesNotContain(harness.key).doesNotContain("MARK");
      assertThat(harness.fake.requests()).hasSize(upstreamBefore);
    }
    assertThat(logs.text()).doesNotContain(harness.key).doesNotContain("MARK");
  }

  @Test
  void theSameKeyInBothHeadersIsAccepted() {
    // Not a conflict: some clients send the key both ways.
    RawHttp.Answer answer = RawHttp.post(harness.gateway.port(), "/v1/chat/completions", CHAT,
        "Authorization: Bearer " + harness.key, "x-api-key: " + harness.key);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
  }

  private static String body(String path) {
    return path.equals("/v1/messages") ? MESSAGES : CHAT;
  }

  private static JsonNode assertGeneric401(String path, RawHttp.Answer answer) throws Exception {
    JsonNode body = JSON.readTree(answer.body());
    if (path.equals("/v1/messages")) {
      assertThat(body.get("type").asText()).isEqualTo("error");
      assertThat(body.at("/error/type").asText()).isEqualTo("authentication_error");
      return body.get("error");
    }
    JsonNode error = body.get("error");
    assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.get("code").asText()).isEqualTo("invalid_api_key");
    assertThat(error.has("param")).isTrue();
    return error;
  }

  private static void assertNotLeaked(String token, RawHttp.Answer answer) {
    String marker = token.replaceAll(".*(MARK[A-Z]+).*", "$1");
    assertThat(marker).startsWith("MARK");
    assertThat(answer.head()).doesNotContain(marker);
    assertThat(answer.body()).doesNotContain(marker);
    assertThat(logs.text()).doesNotContain(marker);
  }
}
