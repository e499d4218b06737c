package dev.sluice.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RELIABILITY A1#2 (header block size and count, header names) and A1#3 (body over the limit, with and
 * without a Content-Length), on raw sockets against a real gateway whose body limit is 64 KiB.
 */
class HttpHeaderAndBodyLimitsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BODY = "{\"model\":\"fake/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private static GatewayHarness harness;

  @BeforeAll
  static void start() {
    harness = GatewayHarness.start();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  private static String post(String path, String extraHeaders) {
    return "POST " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + harness.key
        + "\r\nContent-Type: application/json\r\n" + extraHeaders + "Content-Length: " + BODY.length() + "\r\n\r\n" + BODY;
  }

  private static JsonNode openAiError(RawHttp.Reply reply) throws Exception {
    assertThat(reply.header("content-type")).isEqualTo("application/json");
    JsonNode error = JSON.readTree(reply.body()).get("error");
    assertThat(error).as(reply.text()).isNotNull();
    assertThat(error.has("message") && error.has("type") && error.has("param") && error.has("code")).isTrue();
    assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
    return error;
  }

  private static String headers(int count) {
    StringBuilder h = new StringBuilder();
    for (int i = 0; i < count; i++) {
      h.append("X-Filler-").append(i).append(": v\r\n");
    }
    return h.toString();
  }

  @Test
  void headerBlockOverTheLimitIs431WithAnOpenAiErrorAndClose() throws Exception {
    // The head limit is 16 KiB (stricter than the catalog's 60 KiB; no SDK comes near it).
    RawHttp.Reply reply = RawHttp.exchange(harness.gateway.port(), post("/v1/chat/completions",
        "X-Big: " + "a".repeat(20 * 1024) + "\r\n"), 3000);
    assertThat(reply.status()).as(reply.text()).isEqualTo(431);
    assertThat(openAiError(reply).get("code").asText()).isEqualTo("request_header_fields_too_large");
    assertThat(reply.closed()).isTrue();
  }

  @Test
  void moreThan100HeadersIs431BeforeAuthentication() throws Exception {
    // 4 fixed headers + 97 fillers = 101. The key is valid: the count alone refuses it, and without a key
    // the answer is still 431, not 401 (checked before authentication).
    int upstreamBefore = harness.fake.requests().size();
    RawHttp.Reply reply = RawHttp.exchange(harness.gateway.port(), post("/v1/chat/completions", headers(97)), 3000);
    assertThat(reply.status()).as(reply.text()).isEqualTo(431);
    assertThat(openAiError(reply).get("code").asText()).isEqualTo("request_header_fields_too_large");
    assertThat(reply.closed()).isTrue();
    RawHttp.Reply noKey = RawHttp.exchange(harness.gateway.port(),
        post("/v1/chat/completions", headers(97)).replace("Authorization: Bearer " + harness.key, "X-No-Key: 1"), 3000);
    assertThat(noKey.status()).isEqualTo(431);
    assertThat(harness.fake.requests()).hasSize(upstreamBefore);
  }

  @Test
  void repeatedHeaderLinesCountOneEach() throws Exception {
    RawHttp.Reply reply = RawHttp.exchange(harness.gateway.port(),
        post("/v1/chat/completions", "X-Same: 1\r\n".repeat(97)), 3000);
    assertThat(reply.status()).as(reply.text()).isEqualTo(431);
  }

  @Test
  void exactly100HeadersAreServed() {
    RawHttp.Reply reply = RawHttp.exchange(harness.gateway.port(),
        post("/v1/chat/completions", headers(96)) + "GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 3000);
    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
  }

  @Test
  void theAnthropicRouteGetsItsOwnErrorShapeFor431() throws Exception {
    RawHttp.Reply reply = RawHttp.exchange(harness.gateway.port(), post("/v1/messages", headers(97)), 3000);
    assertThat(reply.status()).isEqualTo(431);
    JsonNode body = JSON.readTree(reply.body());
    assertThat(body.get("type").asText()).isEqualTo("error");
    assertThat(body.at("/error/type").asText()).isEqualTo("invalid_request_error");
  }

  /**
   * Decision: header names with an underscore are refused (400), as Envoy's edge guide does
   * ({@code headers_with_underscores_action: REJECT_REQUEST}). Sluice itself would not confuse {@code x_api_key}
   * with {@code x-api-key}, but CGI-style proxies and some load balancers map both to one name or drop one,
   * so the two hops would see different headers; no SDK sends such names.
   */
  @Test
  void headerNamesWithUnderscoresAreRefused() throws Exception {
    int upstreamBefore = harness.fake.requests().size();
    RawHttp.Reply reply = RawHttp.exchange(harness.gateway.port(), post("/v1/chat/completions", "X_Api_Key: whatever\r\n"), 3000);
    assertThat(reply.status()).as(reply.text()).isEqualTo(400);
    assertThat(openAiError(reply).get("code").asText()).isEqualTo("invalid_header_name");
    assertThat(harness.fake.requests()).hasSize(upstreamBefore);
  }

  @Test
  void declaredLengthOverTheLimitIs413BeforeTheBodyIsSent() throws Exception {
    try (Socket socket = RawHttp.connect(harness.gateway.port(), 3000)) {
      // 200 MB announced, nothing sent: the answer must come from the head alone.
      socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
          + harness.key + "\r\nContent-Type: application/json\r\nContent-Length: 200000000\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      RawHttp.Reply reply = RawHttp.readUntilClosed(socket);
      assertThat(reply.status()).as(reply.text()).isEqualTo(413);
      assertThat(reply.header("connection")).isEqualToIgnoringCase("close");
      assertThat(openAiError(reply)).isNotNull();
      assertThat(reply.closed()).as("closed after the linger, without the body").isTrue();
    }
  }

  @Test
  void chunkedBodyOverTheLimitIs413WithoutReadingTheWholeBody() throws Exception {
    long limit = 200L * 1024 * 1024; // what a client tries to push: 200 MB
    AtomicLong sent = new AtomicLong();
    try (Socket socket = RawHttp.connect(harness.gateway.port(), 10_000)) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + harness.key
          + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        byte[] chunk = ("10000\r\n" + "x".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        try {
          while (sent.get() < limit) {
            out.write(chunk);
            sent.addAndGet(chunk.length);
          }
        } catch (IOException closedByServer) {
          // expected: the gateway stops reading and closes
        }
      });
      RawHttp.Reply reply = RawHttp.readUntilClosed(socket);
      writer.get(15, TimeUnit.SECONDS);
      assertThat(reply.status()).as(reply.text()).isEqualTo(413);
      assertThat(openAiError(reply)).isNotNull();
      assertThat(reply.closed()).isTrue();
      // The gateway reads at most the limit plus a bounded linger (16 MiB) before closing; socket buffers add
      // a few MiB. Far from the 200 MB the client wanted to send.
      assertThat(sent.get()).isLessThan(48L * 1024 * 1024);
    }
  }
}
