package dev.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Talks HTTP to the fake Bedrock runtime as a SigV4 client would (requests are signed here with the fake's own
 * signature helper, itself checked against AWS's published vectors below), and holds its answers against the
 * {@code wire/bedrock/} fixtures.
 */
class FakeBedrockProviderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HELLO = "Hello! How can I help you today?";
  private static final String USER_HELLO = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Say hello to me\"}]}]}";
  private static final String WEATHER_TOOLS = """
      "toolConfig":{"tools":[{"toolSpec":{"name":"get_weather","inputSchema":{"json":{"type":"object",
        "properties":{"city":{"type":"string"},"unit":{"type":"string","enum":["celsius","fahrenheit"]}},
        "required":["city"]}}}}]}""";

  private static FakeBedrockProvider fake;
  private static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() {
    fake = FakeBedrockProvider.start();
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  /** One decoded frame: its string headers and its JSON payload. */
  private record Frame(Map<String, String> headers, JsonNode payload) {
    String type() {
      return headers.containsKey(":event-type") ? headers.get(":event-type") : headers.get(":exception-type");
    }
  }

  // --- signing as a client does --------------------------------------------------------------------------------

  @Test
  void signatureHelper_reproducesAwsPublishedVectors() {
    // aws-sig-v4-test-suite get-vanilla and the signing guide's IAM ListUsers example.
    String getVanilla = FakeBedrockSignatures.authorization("GET", "/", null,
        Map.of("host", "example.amazonaws.com", "x-amz-date", "20150830T123600Z"), new byte[0], "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "us-east-1", "service");
    assertThat(getVanilla).endsWith("SignedHeaders=host;x-amz-date,"
        + " Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    String iam = FakeBedrockSignatures.authorization("GET", "/", "Action=ListUsers&Version=2010-05-08",
        Map.of("host", "iam.amazonaws.com", "x-amz-date", "20150830T123600Z",
            "content-type", "application/x-www-form-urlencoded; charset=utf-8"), new byte[0], "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "us-east-1", "iam");
    assertThat(iam).isEqualTo("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request,"
        + " SignedHeaders=content-type;host;x-amz-date,"
        + " Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
  }

  @Test
  void unaryText_isSignedConverse_withTheFixtureShape() throws Exception {
    HttpResponse<byte[]> response = converse("anthropic.claude-3-haiku-20240307-v1:0", USER_HELLO, false);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(response.headers().firstValue("x-amzn-requestid")).isPresent();
    JsonNode body = JSON.readTree(response.body());
    assertThat(keys(body)).isEqualTo(keys(fixture("converse.json")));
    assertThat(body.at("/output/message/role").asText()).isEqualTo("assistant");
    assertThat(body.at("/output/message/content/0/text").asText()).isEqualTo(HELLO);
    assertThat(body.get("stopReason").asText()).isEqualTo("end_turn");
    assertThat(body.at("/usage/inputTokens").asInt()).isEqualTo(3); // 15 characters / 4
    assertThat(body.at("/usage/outputTokens").asInt()).isEqualTo(9);
    assertThat(body.at("/usage/totalTokens").asInt()).isEqualTo(12);

    RecordedRequest recorded = fake.lastRequest();
    // The model id travels encoded once; the signature covered it encoded twice, and the fake agreed.
    assertThat(recorded.path()).isEqualTo("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse");
    assertThat(recorded.header("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/");
    assertThat(fake.requestCount("anthropic.claude-3-haiku-20240307-v1:0")).isEqualTo(1);
  }

  @Test
  void inferenceProfileArn_withSlashAndColons_isAccepted() throws Exception {
    String arn = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-7-sonnet-v1:0";
    HttpResponse<byte[]> response = converse(arn, USER_HELLO, false);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(fake.lastRequest().path()).contains("inference-profile%2Fus.anthropic");
    assertThat(fake.requestCount(arn)).isEqualTo(1);
  }

  @Test
  void streamText_isBinaryEventStream_withPaddedFrames() throws Exception {
    HttpResponse<byte[]> response = converse("fake.stream-model", USER_HELLO, true);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/vnd.amazon.eventstream");
    List<Frame> frames = frames(response.body());
    assertThat(frames.getFirst().type()).isEqualTo("messageStart");
    assertThat(frames.getFirst().payload().get("role").asText()).isEqualTo("assistant");
    assertThat(frames.subList(frames.size() - 3, frames.size())).extracting(Frame::type)
        .containsExactly("contentBlockStop", "messageStop", "metadata");
    StringBuilder text = new StringBuilder();
    for (Frame frame : frames) {
      assertThat(frame.headers()).containsEntry(":message-type", "event")
          .containsEntry(":content-type", "application/json");
      assertThat(frame.payload().get("p").asText()).matches("[a-zA-Z0]+");
      if (frame.type().equals("contentBlockDelta")) {
        assertThat(frame.payload().get("contentBlockIndex").asInt()).isZero();
        text.append(frame.payload().at("/delta/text").asText());
      }
    }
    assertThat(text.toString()).isEqualTo(HELLO);
    assertThat(frames.get(frames.size() - 2).payload().get("stopReason").asText()).isEqualTo("end_turn");
    JsonNode metadata = frames.getLast().payload();
    assertThat(metadata.at("/usage/outputTokens").asInt()).isEqualTo(9);
    assertThat(metadata.at("/usage/totalTokens").asInt()).isEqualTo(12);
    assertThat(metadata.at("/metrics/latencyMs").isNumber()).isTrue();
  }

  @Test
  void toolCall_unaryAndStream_useTheToolConfigSchema() throws Exception {
    String body = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Weather in Paris?\"}]}],"
        + WEATHER_TOOLS + "}";

    JsonNode unary = JSON.readTree(converse("tools-model", body, false).body());
    assertThat(unary.get("stopReason").asText()).isEqualTo("tool_use");
    JsonNode toolUse = unary.at("/output/message/content/0/toolUse");
    assertThat(unary.at("/output/message/content")).hasSize(1);
    assertThat(toolUse.get("toolUseId").asText()).startsWith("tooluse_");
    assertThat(toolUse.get("name").asText()).isEqualTo("get_weather");
    assertThat(toolUse.get("input")).isEqualTo(JSON.readTree("{\"city\":\"Paris\",\"unit\":\"celsius\"}"));

    List<Frame> frames = frames(converse("tools-model", body, true).body());
    assertThat(frames.get(1).type()).isEqualTo("contentBlockStart");
    assertThat(frames.get(1).payload().at("/start/toolUse/name").asText()).isEqualTo("get_weather");
    StringBuilder input = new StringBuilder();
    frames.stream().filter(f -> f.type().equals("contentBlockDelta"))
        .forEach(f -> input.append(f.payload().at("/delta/toolUse/input").asText()));
    assertThat(JSON.readTree(input.toString())).isEqualTo(toolUse.get("input"));
    assertThat(frames.get(frames.size() - 2).payload().get("stopReason").asText()).isEqualTo("tool_use");
  }

  @Test
  void afterAToolResult_theToolsAnswerIsQuoted() throws Exception {
    String body = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Weather?\"}]},"
        + "{\"role\":\"assistant\",\"content\":[{\"toolUse\":{\"toolUseId\":\"t1\",\"name\":\"get_weather\",\"input\":{}}}]},"
        + "{\"role\":\"user\",\"content\":[{\"toolResult\":{\"toolUseId\":\"t1\",\"content\":[{\"text\":\"18C\"}]}}]}],"
        + WEATHER_TOOLS + "}";
    JsonNode answer = JSON.readTree(converse("tools-model", body, false).body());
    assertThat(answer.at("/output/message/content/0/text").asText()).isEqualTo("The tool said: 18C");
  }

  @Test
  void thinking_addsASignedReasoningBlockFirst() throws Exception {
    String body = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"17*23?\"}]}],"
        + "\"additionalModelRequestFields\":{\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024}}}";

    JsonNode unary = JSON.readTree(converse("thinker", body, false).body());
    assertThat(keys(unary)).isEqualTo(keys(fixture("converse-reasoning.json")));
    assertThat(unary.at("/output/message/content/0/reasoningContent/reasoningText/text").asText())
        .isEqualTo("17 * 23 = 340 + 51 = 391.");
    assertThat(unary.at("/output/message/content/0/reasoningContent/reasoningText/signature").asText())
        .isEqualTo("EqQBCkgIARAB...opaque...");
    assertThat(unary.at("/output/message/content/1/text").asText()).isEqualTo(HELLO);

    List<Frame> frames = frames(converse("thinker", body, true).body());
    StringBuilder reasoning = new StringBuilder();
    String signature = null;
    int firstText = -1;
    for (int i = 0; i < frames.size(); i++) {
      JsonNode delta = frames.get(i).payload().path("delta");
      if (delta.has("reasoningContent")) {
        assertThat(firstText).as("reasoning before text").isEqualTo(-1);
        assertThat(frames.get(i).payload().get("contentBlockIndex").asInt()).isZero();
        reasoning.append(delta.at("/reasoningContent/text").asText(""));
        signature = delta.at("/reasoningContent/signature").asText(signature);
      } else if (delta.has("text") && firstText < 0) {
        firstText = i;
        assertThat(frames.get(i).payload().get("contentBlockIndex").asInt()).isEqualTo(1);
      }
    }
    assertThat(reasoning.toString()).isEqualTo("17 * 23 = 340 + 51 = 391.");
    assertThat(signature).isEqualTo("EqQBCkgIARAB...opaque...");
    assertThat(firstText).isPositive();
  }

  // --- authentication --------------------------------------------------------------------------------------------

  @Test
  void missingAuthorization_is403MissingAuthenticationToken() throws Exception {
    HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri("/model/m/converse"))
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(USER_HELLO)));

    assertError(response, 403, "MissingAuthenticationTokenException", "Missing Authentication Token");
  }

  @Test
  void wrongSecret_is403InvalidSignature_quotingTheExpectedCanonicalRequest() throws Exception {
    HttpResponse<byte[]> response = signedPost("/model/m/converse", USER_HELLO, fake.accessKeyId(), "not-the-secret",
        Instant.now(), Map.of());

    assertError(response, 403, "InvalidSignatureException", null);
    String message = JSON.readTree(response.body()).get("message").asText();
    assertThat(message).startsWith(FakeBedrockErrors.INVALID_SIGNATURE)
        .contains("The Canonical String for this request should have been\n'POST\n/model/m/converse\n");
  }

  @Test
  void bodyChangedAfterSigning_is403InvalidSignature() throws Exception {
    Map<String, String> signed = signedHeaders("/model/m/converse", USER_HELLO.getBytes(StandardCharsets.UTF_8),
        fake.accessKeyId(), fake.secretAccessKey(), Instant.now(), Map.of());
    HttpRequest.Builder request = HttpRequest.newBuilder(uri("/model/m/converse"))
        .POST(HttpRequest.BodyPublishers.ofString(USER_HELLO.replace("hello", "howdy")));
    signed.forEach((name, value) -> {
      if (!name.equals("host")) {
        request.header(name, value);
      }
    });
    assertError(send(request), 403, "InvalidSignatureException", null);
  }

  @Test
  void unknownAccessKeyId_is403UnrecognizedClient() throws Exception {
    HttpResponse<byte[]> response = signedPost("/model/m/converse", USER_HELLO, "AKIAOTHERKEY00000000",
        fake.secretAccessKey(), Instant.now(), Map.of());
    assertError(response, 403, "UnrecognizedClientException", "The security token included in the request is invalid.");
  }

  @Test
  void staleDate_is403SignatureExpired() throws Exception {
    HttpResponse<byte[]> response = signedPost("/model/m/converse", USER_HELLO, fake.accessKeyId(),
        fake.secretAccessKey(), Instant.now().minus(Duration.ofMinutes(20)), Map.of());
    assertError(response, 403, "InvalidSignatureException", null);
    assertThat(JSON.readTree(response.body()).get("message").asText()).startsWith("Signature expired: ");
  }

  @Test
  void sessionToken_mustBeSentAndSigned_whenTheFakeRequiresOne() throws Exception {
    try (FakeBedrockProvider own = FakeBedrockProvider.start().requireSessionToken("FQoGZXIvYXdzEXAMPLETOKEN")) {
      HttpResponse<byte[]> without = signedPost(own, "/model/m/converse", USER_HELLO, Map.of());
      HttpResponse<byte[]> with = signedPost(own, "/model/m/converse", USER_HELLO,
          Map.of("x-amz-security-token", "FQoGZXIvYXdzEXAMPLETOKEN"));

      assertError(without, 403, "UnrecognizedClientException", null);
      assertThat(with.statusCode()).isEqualTo(200);
      assertThat(own.lastRequest().header("authorization")).contains("x-amz-security-token");
    }
  }

  @Test
  void bearerApiKey_isAccepted_andAWrongOneRefused() throws Exception {
    HttpResponse<byte[]> good = send(HttpRequest.newBuilder(uri("/model/m/converse"))
        .header("authorization", "Bearer " + fake.apiKey()).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(USER_HELLO)));
    HttpResponse<byte[]> bad = send(HttpRequest.newBuilder(uri("/model/m/converse"))
        .header("authorization", "Bearer bedrock-api-key-wrong").header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(USER_HELLO)));

    assertThat(good.statusCode()).isEqualTo(200);
    assertThat(bad.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(bad.body()).get("Message").asText()).contains("API Key is valid");
  }

  // --- Converse's own checks ---------------------------------------------------------------------------------------

  @Test
  void twoUserTurnsInARow_is400ValidationException() throws Exception {
    String body = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"a\"}]},"
        + "{\"role\":\"user\",\"content\":[{\"text\":\"b\"}]}]}";
    assertError(converse("m", body, false), 400, "ValidationException",
        "A conversation must alternate between user and assistant roles. Make sure the conversation alternates"
            + " between user and assistant roles and try again.");
  }

  @Test
  void toolBlocksWithoutToolConfig_is400ValidationException() throws Exception {
    String body = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"a\"}]},"
        + "{\"role\":\"assistant\",\"content\":[{\"toolUse\":{\"toolUseId\":\"t\",\"name\":\"f\",\"input\":{}}}]},"
        + "{\"role\":\"user\",\"content\":[{\"toolResult\":{\"toolUseId\":\"t\",\"content\":[{\"text\":\"x\"}]}}]}]}";
    assertError(converse("m", body, false), 400, "ValidationException",
        "The toolConfig field must be defined when using toolUse and toolResult content blocks.");
  }

  @Test
  void unknownPath_is404UnknownOperation() throws Exception {
    HttpResponse<byte[]> response = signedPost("/model/m/invoke-nothing", USER_HELLO, fake.accessKeyId(),
        fake.secretAccessKey(), Instant.now(), Map.of());
    assertError(response, 404, "UnknownOperationException", null);
  }

  // --- knobs --------------------------------------------------------------------------------------------------------

  @Test
  void errorKnobs_useBedrocksTypesAndBodies() throws Exception {
    assertError(converse("fake.model-error-429:0", USER_HELLO, false), 429, "ThrottlingException",
        "Too many requests, please wait before trying again.");
    assertError(converse("m-error-500", USER_HELLO, true), 500, "InternalServerException", null);
    assertError(converse("m-error-503", USER_HELLO, false), 503, "ServiceUnavailableException", null);
    assertError(converse("m-error-400", USER_HELLO, false), 400, "ValidationException",
        "The provided model identifier is invalid.");
    assertError(converse("m-context-length", USER_HELLO, false), 400, "ValidationException",
        "Input is too long for requested model.");
    assertThat(keys(JSON.readTree(converse("m-error-503", USER_HELLO, false).body())))
        .isEqualTo(keys(fixture("error-validation.json")));
  }

  @Test
  void chunksEchoAndNoUsage() throws Exception {
    List<Frame> frames = frames(converse("m-chunks-3", USER_HELLO, true).body());
    assertThat(frames).filteredOn(f -> f.type().equals("contentBlockDelta"))
        .extracting(f -> f.payload().at("/delta/text").asText()).containsExactly("tok0 ", "tok1 ", "tok2 ");
    assertThat(frames.getLast().payload().at("/usage/outputTokens").asInt()).isEqualTo(3);

    JsonNode echo = JSON.readTree(converse("m-echo", USER_HELLO, false).body());
    assertThat(echo.at("/output/message/content/0/text").asText()).isEqualTo("Say hello to me");

    JsonNode noUsage = JSON.readTree(converse("m-no-usage", USER_HELLO, false).body());
    assertThat(noUsage.has("usage")).isFalse();
    List<Frame> noUsageFrames = frames(converse("m-no-usage", USER_HELLO, true).body());
    assertThat(noUsageFrames.getLast().type()).isEqualTo("metadata");
    assertThat(noUsageFrames.getLast().payload().has("usage")).isFalse();
  }

  @Test
  void inbandError_isOneExceptionFrame() throws Exception {
    HttpResponse<byte[]> response = converse("m-inband-error", USER_HELLO, true);
    assertThat(response.statusCode()).isEqualTo(200);
    List<Frame> frames = frames(response.body());
    assertThat(frames).hasSize(1);
    assertThat(frames.getFirst().headers()).containsEntry(":message-type", "exception")
        .containsEntry(":exception-type", "modelStreamErrorException");
    assertThat(frames.getFirst().payload().get("message").asText()).isNotBlank();
    assertThat(converse("m-inband-error", USER_HELLO, false).statusCode()).isEqualTo(500);
  }

  @Test
  void midstreamError_followsKContentFrames() throws Exception {
    List<Frame> frames = frames(converse("m-midstream-error-2", USER_HELLO, true).body());
    assertThat(frames).extracting(Frame::type).containsExactly("messageStart", "contentBlockDelta",
        "contentBlockDelta", "modelStreamErrorException");
  }

  @Test
  void emptyStream_hasNoContentBlock() throws Exception {
    List<Frame> frames = frames(converse("m-empty-stream", USER_HELLO, true).body());
    assertThat(frames).extracting(Frame::type).containsExactly("messageStart", "messageStop", "metadata");
    assertThat(frames.getLast().payload().at("/usage/outputTokens").asInt()).isZero();
  }

  @Test
  void malformed_sendsASecondFrameWithABadCrc() throws Exception {
    byte[] body = converse("m-malformed", USER_HELLO, true).body();
    int first = ByteBuffer.wrap(body).getInt(0);
    int second = ByteBuffer.wrap(body).getInt(first);
    assertThat(crcOk(body, first, second)).isFalse();
    assertThat(crcOk(body, 0, first)).isTrue();
  }

  @Test
  void truncate_cutsTheStreamAfterTwoFrames() {
    assertThatThrownBy(() -> converse("m-truncate", USER_HELLO, true)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> converse("m-truncate", USER_HELLO, false)).isInstanceOf(IOException.class);
  }

  @Test
  void dieAfter_resetsTheConnectionAfterKContentFrames() {
    assertThatThrownBy(() -> converse("m-die-after-1", USER_HELLO, true)).isInstanceOf(IOException.class);
  }

  @Test
  void slow_delaysTheAnswer_thenAnswersNormally() throws Exception {
    long started = System.nanoTime();
    HttpResponse<byte[]> response = converse("m-slow-150", USER_HELLO, false);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void stall_neverAnswers() {
    assertThatThrownBy(() -> send(signedRequest(fake, "/model/m-stall/converse", USER_HELLO, Map.of())
        .timeout(Duration.ofMillis(300)))).isInstanceOf(HttpTimeoutException.class);
  }

  @Test
  void flakyAndFailNext_countPerModel() throws Exception {
    try (FakeBedrockProvider own = FakeBedrockProvider.start()) {
      assertThat(signedPost(own, "/model/m-flaky429-1/converse", USER_HELLO, Map.of()).statusCode()).isEqualTo(429);
      assertThat(signedPost(own, "/model/m-flaky429-1/converse", USER_HELLO, Map.of()).statusCode()).isEqualTo(200);
      own.failNext(1, 503);
      HttpResponse<byte[]> failed = signedPost(own, "/model/m-flaky429-1/converse", USER_HELLO, Map.of());
      assertError(failed, 503, "ServiceUnavailableException", "Bedrock is unable to process your request.");
      assertThat(own.requestCount("m-flaky429-1")).isEqualTo(3);
      own.close();
      own.close(); // idempotent
    }
  }

  @Test
  void wrongContentType_isHtml() throws Exception {
    HttpResponse<byte[]> response = converse("m-wrong-content-type", USER_HELLO, false);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
  }

  // --- helpers ------------------------------------------------------------------------------------------------------

  private static HttpResponse<byte[]> converse(String modelId, String body, boolean stream) throws Exception {
    String path = "/model/" + encode(modelId) + (stream ? "/converse-stream" : "/converse");
    return signedPost(path, body, fake.accessKeyId(), fake.secretAccessKey(), Instant.now(), Map.of());
  }

  private static HttpResponse<byte[]> signedPost(FakeBedrockProvider provider, String path, String body,
      Map<String, String> extra) throws IOException, InterruptedException {
    return send(signedRequest(provider, path, body, extra));
  }

  private static HttpResponse<byte[]> signedPost(String path, String body, String keyId, String secret, Instant at,
      Map<String, String> extra) throws IOException, InterruptedException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(fake, path)).POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
    signedHeaders(fake, path, bytes, keyId, secret, at, extra).forEach((name, value) -> {
      if (!name.equals("host")) { // java.net.http sets Host itself, to the same 127.0.0.1:<port>
        request.header(name, value);
      }
    });
    return send(request);
  }

  private static HttpRequest.Builder signedRequest(FakeBedrockProvider provider, String path, String body,
      Map<String, String> extra) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(provider, path))
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
    signedHeaders(provider, path, bytes, provider.accessKeyId(), provider.secretAccessKey(), Instant.now(), extra)
        .forEach((name, value) -> {
          if (!name.equals("host")) {
            request.header(name, value);
          }
        });
    return request;
  }

  private static Map<String, String> signedHeaders(String path, byte[] body, String keyId, String secret, Instant at,
      Map<String, String> extra) {
    return signedHeaders(fake, path, body, keyId, secret, at, extra);
  }

  /** host, x-amz-date, content-type and any extra header, signed; plus the authorization header. */
  private static Map<String, String> signedHeaders(FakeBedrockProvider provider, String path, byte[] body,
      String keyId, String secret, Instant at, Map<String, String> extra) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("host", provider.host());
    headers.put("x-amz-date", FakeBedrockSignatures.amzDate(at));
    headers.put("content-type", "application/json");
    headers.putAll(extra);
    String authorization = FakeBedrockSignatures.authorization("POST", path, null, headers, body, keyId, secret,
        provider.region(), "bedrock");
    headers.put("authorization", authorization);
    return headers;
  }

  private static HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static URI uri(String path) {
    return uri(fake, path);
  }

  private static URI uri(FakeBedrockProvider provider, String path) {
    return URI.create(provider.baseUrl() + path);
  }

  /** A path segment as SDKs encode it: every byte but the unreserved ones as %XX. */
  private static String encode(String segment) {
    return java.net.URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static void assertError(HttpResponse<byte[]> response, int status, String type, String message)
      throws IOException {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("x-amzn-errortype")).hasValue(type);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode body = JSON.readTree(response.body());
    if (message != null) {
      assertThat(body.get("message").asText()).isEqualTo(message);
    }
  }

  /** Every frame of a body, each CRC checked; fails the test on trailing bytes. */
  private static List<Frame> frames(byte[] body) throws IOException {
    List<Frame> frames = new ArrayList<>();
    int at = 0;
    while (at < body.length) {
      ByteBuffer b = ByteBuffer.wrap(body, at, body.length - at);
      int total = b.getInt(at);
      int headersLength = b.getInt(at + 4);
      assertThat(preludeOk(body, at)).as("prelude CRC of the frame at %d", at).isTrue();
      assertThat(crcOk(body, at, total)).as("message CRC of the frame at %d", at).isTrue();
      Map<String, String> headers = new LinkedHashMap<>();
      int p = at + 12;
      while (p < at + 12 + headersLength) {
        int nameLength = body[p] & 0xff;
        String name = new String(body, p + 1, nameLength, StandardCharsets.UTF_8);
        p += 1 + nameLength;
        assertThat(body[p]).as("header %s is a string", name).isEqualTo((byte) 7);
        int valueLength = ((body[p + 1] & 0xff) << 8) | (body[p + 2] & 0xff);
        headers.put(name, new String(body, p + 3, valueLength, StandardCharsets.UTF_8));
        p += 3 + valueLength;
      }
      frames.add(new Frame(headers, JSON.readTree(new String(body, p, at + total - 4 - p, StandardCharsets.UTF_8))));
      at += total;
    }
    return frames;
  }

  private static boolean preludeOk(byte[] body, int at) {
    CRC32 crc = new CRC32();
    crc.update(body, at, 8);
    return (int) crc.getValue() == ByteBuffer.wrap(body).getInt(at + 8);
  }

  /** True when the last 4 bytes of {@code [at, at + length)} are the CRC-32 of the bytes before them. */
  private static boolean crcOk(byte[] body, int at, int length) {
    CRC32 crc = new CRC32();
    crc.update(body, at, length - 4);
    return (int) crc.getValue() == ByteBuffer.wrap(body).getInt(at + length - 4);
  }

  private static JsonNode fixture(String name) throws IOException {
    try (var in = FakeBedrockProviderTest.class.getResourceAsStream("/wire/bedrock/" + name)) {
      return JSON.readTree(in);
    }
  }

  private static TreeSet<String> keys(JsonNode node) {
    TreeSet<String> keys = new TreeSet<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }
}
