package dev.sluice.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RELIABILITY A1#1: request framings that two HTTP parsers may read differently (the root of request
 * smuggling) are refused with 400 and the connection is closed (RFC 9112 §6.1, §6.3: "MUST close"), so a
 * request pipelined behind the ambiguous one is never answered. Each shape is sent on a raw socket with a
 * valid key, followed by a pipelined {@code GET /health/live}: one 400 must come back, then EOF.
 */
class HttpSmugglingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BODY = "{\"model\":\"fake/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private static final String PIPELINED = "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n";
  private static GatewayHarness harness;

  @BeforeAll
  static void start() {
    harness = GatewayHarness.start();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  private static String head(String framing) {
    return "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + harness.key
        + "\r\nContent-Type: application/json\r\n" + framing;
  }

  private static String chunked(String body) {
    return Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
  }

  private static void assertRefusedAndClosed(String request) throws Exception {
    RawHttp.Reply reply = RawHttp.exchange(harness.gateway.port(), request + PIPELINED, 3000);
    assertThat(reply.status()).as(reply.text()).isEqualTo(400);
    assertThat(reply.responses()).as("the pipelined request must not be answered: " + reply.text()).isEqualTo(1);
    assertThat(reply.closed()).as("connection closed after the 400").isTrue();
    assertThat(reply.header("connection")).isEqualToIgnoringCase("close");
    JsonNode error = JSON.readTree(reply.body()).get("error");
    assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.has("message") && error.has("param") && error.has("code")).isTrue();
  }

  /**
   * The strict checks must not touch honest traffic: a chunked body, then a Content-Length body whose JSON is
   * pretty-printed (line feeds followed by spaces, which in a head would be obs-fold), then a GET, all
   * pipelined on one connection: three answers, and the connection stays open.
   */
  @Test
  void honestChunkedAndPipelinedRequestsAreAllServed() {
    String pretty = "{\n  \"model\": \"fake/gpt-4o-mini\",\n  \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]\n}";
    String request = head("Transfer-Encoding: chunked\r\n\r\n") + chunked(BODY)
        + head("Content-Length: " + pretty.length() + "\r\n\r\n") + pretty
        + PIPELINED;
    RawHttp.Reply reply = RawHttp.exchange(harness.gateway.port(), request, 1500);
    assertThat(reply.responses()).as(reply.text()).isEqualTo(3);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.text()).doesNotContain("HTTP/1.1 4");
    assertThat(reply.closed()).as("keep-alive connection left open").isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "cl-then-te", "te-then-cl", "duplicate-cl-same", "duplicate-cl-different", "cl-list",
      "te-xchunked", "te-chunked-identity", "te-chunked-twice", "te-identity-only",
  })
  void ambiguousFramingIs400AndClose(String shape) throws Exception {
    String request = switch (shape) {
      case "cl-then-te" -> head("Content-Length: " + BODY.length() + "\r\nTransfer-Encoding: chunked\r\n\r\n") + chunked(BODY);
      case "te-then-cl" -> head("Transfer-Encoding: chunked\r\nContent-Length: " + BODY.length() + "\r\n\r\n") + chunked(BODY);
      case "duplicate-cl-same" -> head("Content-Length: " + BODY.length() + "\r\nContent-Length: " + BODY.length() + "\r\n\r\n") + BODY;
      case "duplicate-cl-different" -> head("Content-Length: " + BODY.length() + "\r\nContent-Length: 5\r\n\r\n") + BODY;
      case "cl-list" -> head("Content-Length: " + BODY.length() + ", " + BODY.length() + "\r\n\r\n") + BODY;
      // RFC 9112 §6.3: a Transfer-Encoding whose final coding is not chunked leaves the length unknowable: 400 + close.
      case "te-xchunked" -> head("Transfer-Encoding: xchunked\r\n\r\n") + chunked(BODY);
      case "te-chunked-identity" -> head("Transfer-Encoding: chunked, identity\r\n\r\n") + chunked(BODY);
      // RFC 9112 §7: chunked must not be applied twice.
      case "te-chunked-twice" -> head("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n") + chunked(BODY);
      case "te-identity-only" -> head("Transfer-Encoding: identity\r\nContent-Length: " + BODY.length() + "\r\n\r\n") + BODY;
      default -> throw new IllegalArgumentException(shape);
    };
    assertRefusedAndClosed(request);
  }

  /**
   * A malformed chunk size arrives after the head, while the body is read: Vert.x fails the connection and
   * closes it at once, without an answer. RFC 9112 requires no 400 here (unlike a bad Content-Length, §6.3),
   * and what matters is pinned: the connection ends, the pipelined request is never answered, and nothing
   * reached the provider.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"zz", "-1", "0x10", "1 1", "fffffffffffffffffff", ";ext"})
  void badChunkSizeClosesTheConnectionWithoutServingAnything(String size) {
    int upstreamBefore = harness.fake.requests().size();
    RawHttp.Reply reply = RawHttp.exchange(harness.gateway.port(),
        head("Transfer-Encoding: chunked\r\n\r\n") + size + "\r\n" + BODY + "\r\n0\r\n\r\n" + PIPELINED, 3000);
    assertThat(reply.closed()).as("closed").isTrue();
    assertThat(reply.responses()).as(reply.text()).isZero();
    assertThat(harness.fake.requests()).hasSize(upstreamBefore);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"obs-fold-space", "obs-fold-tab", "bare-lf-everywhere", "bare-lf-one-header", "space-before-colon"})
  void malformedHeaderBlockIs400AndClose(String shape) throws Exception {
    String request = switch (shape) {
      // RFC 9112 §5.2: a server MUST reject obs-fold with 400 or unfold it; we reject (no legitimate client folds).
      case "obs-fold-space" -> head("X-Note: a\r\n b\r\nContent-Length: " + BODY.length() + "\r\n\r\n") + BODY;
      case "obs-fold-tab" -> head("X-Note: a\r\n\tb\r\nContent-Length: " + BODY.length() + "\r\n\r\n") + BODY;
      // RFC 9112 §2.2 allows a recipient to accept bare LF; a proxy in front may not: refuse it (Http11Probe).
      case "bare-lf-everywhere" -> ("POST /v1/chat/completions HTTP/1.1\nHost: x\nAuthorization: Bearer " + harness.key
          + "\nContent-Length: " + BODY.length() + "\n\n" + BODY);
      case "bare-lf-one-header" -> head("X-Note: a\nContent-Length: " + BODY.length() + "\r\n\r\n") + BODY;
      // RFC 9112 §5.1: whitespace between field name and colon MUST be rejected with 400.
      case "space-before-colon" -> head("Content-Length : " + BODY.length() + "\r\n\r\n") + BODY;
      default -> throw new IllegalArgumentException(shape);
    };
    assertRefusedAndClosed(request);
  }
}
