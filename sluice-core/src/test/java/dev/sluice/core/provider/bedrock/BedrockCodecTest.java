package dev.sluice.core.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.Message;
import dev.sluice.core.canonical.ProviderAccess;
import dev.sluice.core.canonical.Role;
import dev.sluice.core.canonical.StreamEvent;
import dev.sluice.core.canonical.UpstreamCall;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Paths, auth headers and configuration of the codec; the body is BedrockRequestEncoderTest's. */
class BedrockCodecTest {
  private static final Clock AT = Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC);
  private static final String HOST = "bedrock-runtime.us-east-1.amazonaws.com";
  private static final String MODEL = "anthropic.claude-3-5-sonnet-20240620-v1:0";
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

  private static ProviderAccess access(Map<String, String> options) {
    return new ProviderAccess(HOST, "", "AKIDEXAMPLE", options);
  }

  private static Map<String, String> sigv4(String... more) {
    Map<String, String> options = new HashMap<>(Map.of("region", "us-east-1", "secret_access_key", SECRET));
    for (int i = 0; i < more.length; i += 2) {
      options.put(more[i], more[i + 1]);
    }
    return options;
  }

  private static ChatRequest request(boolean stream) {
    return new ChatRequest("bedrock/claude", List.of(), List.of(Message.text(Role.USER, "Hi")), 100, null, null, null,
        null, null, null, null, null, null, null, null, null, stream, false, null, null);
  }

  @Test
  void unaryCall_isSignedConverse_withTheModelIdEncodedInThePath() {
    UpstreamCall call = new BedrockCodec(access(sigv4()), AT).chatCall(request(false), MODEL);

    assertThat(call.path()).isEqualTo("/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse");
    assertThat(call.headers()).containsEntry("content-type", "application/json")
        .containsEntry("x-amz-date", "20150830T123600Z")
        .containsEntry("x-amz-content-sha256", SigV4Signer.sha256Hex(call.body()))
        .doesNotContainKey("x-amz-security-token");
    assertThat(call.headers().get("authorization"))
        .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/bedrock/aws4_request,"
            + " SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature=");
    // The same signer over the same inputs: the header is exactly the SigV4 of this path, host and body.
    Map<String, String> expected = new SigV4Signer("AKIDEXAMPLE", SECRET, null, "us-east-1", "bedrock", AT)
        .sign("POST", HOST, call.path(), null, Map.of("content-type", "application/json",
            "x-amz-content-sha256", SigV4Signer.sha256Hex(call.body())), call.body());
    assertThat(call.headers().get("authorization")).isEqualTo(expected.get("authorization"));
    assertThat(new String(call.body(), StandardCharsets.UTF_8))
        .isEqualTo("{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Hi\"}]}],"
            + "\"inferenceConfig\":{\"maxTokens\":100}}");
  }

  @Test
  void streamCall_goesToConverseStream_andSignsTheSessionToken() {
    UpstreamCall call = new BedrockCodec(access(sigv4("session_token", "FQoGZXIvYXdzEXAMPLE")), AT)
        .chatCall(request(true), "arn:aws:bedrock:us-east-1:123:inference-profile/us.amazon.nova-pro-v1:0");

    assertThat(call.path()).isEqualTo("/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123%3Ainference-profile"
        + "%2Fus.amazon.nova-pro-v1%3A0/converse-stream");
    assertThat(call.headers()).containsEntry("x-amz-security-token", "FQoGZXIvYXdzEXAMPLE");
    assertThat(call.headers().get("authorization"))
        .contains("SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token,");
  }

  @Test
  void basePath_isPartOfTheSignedPath_butNotOfTheCallPath() {
    ProviderAccess withBase = new ProviderAccess(HOST, "/proxy/", "AKIDEXAMPLE", sigv4());
    UpstreamCall call = new BedrockCodec(withBase, AT).chatCall(request(false), "m");
    UpstreamCall plain = new BedrockCodec(access(sigv4()), AT).chatCall(request(false), "m");

    assertThat(call.path()).isEqualTo("/model/m/converse");
    Map<String, String> expected = new SigV4Signer("AKIDEXAMPLE", SECRET, null, "us-east-1", "bedrock", AT)
        .sign("POST", HOST, "/proxy/model/m/converse", null, Map.of("content-type", "application/json",
            "x-amz-content-sha256", SigV4Signer.sha256Hex(call.body())), call.body());
    assertThat(call.headers().get("authorization")).isEqualTo(expected.get("authorization"))
        .isNotEqualTo(plain.headers().get("authorization"));
  }

  @Test
  void bearerAuth_sendsTheApiKey_andSignsNothing() {
    ProviderAccess bearer = new ProviderAccess(HOST, "", "bedrock-api-key-ABC", Map.of("region", "eu-west-1",
        "auth", "bearer"));
    UpstreamCall call = new BedrockCodec(bearer, AT).chatCall(request(false), MODEL);

    assertThat(call.headers()).containsOnly(Map.entry("content-type", "application/json"),
        Map.entry("authorization", "Bearer bedrock-api-key-ABC"));
  }

  @Test
  void missingOrWrongConfiguration_isAClearError() {
    assertThatThrownBy(() -> new BedrockCodec(access(Map.of("secret_access_key", SECRET)), AT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'region'");
    assertThatThrownBy(() -> new BedrockCodec(access(Map.of("region", "us-east-1")), AT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'secret_access_key'");
    assertThatThrownBy(() -> new BedrockCodec(access(sigv4("auth", "oauth")), AT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sigv4 or bearer");
    assertThatThrownBy(() -> new BedrockCodec(new ProviderAccess(HOST, "", null, sigv4()), AT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("access key id");
  }

  @Test
  void toString_neverShowsTheSecrets() {
    BedrockCodec codec = new BedrockCodec(access(sigv4("session_token", "TOKEN123")), AT);
    assertThat(codec.toString()).doesNotContain(SECRET).doesNotContain("TOKEN123").doesNotContain("AKIDEXAMPLE");
  }

  @Test
  void errorMessage_readsMessage_andCutsTheCanonicalStringThatMayHoldTheToken() {
    BedrockCodec codec = new BedrockCodec(access(sigv4()), AT);

    assertThat(codec.errorMessage(400, BedrockFixtures.bytes("error-validation.json")))
        .isEqualTo("The provided model identifier is invalid.");
    assertThat(codec.errorMessage(403, "{\"Message\":\"Authentication failed\"}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("Authentication failed");
    String invalidSignature = "{\"message\":\"The request signature we calculated does not match the signature you"
        + " provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for"
        + " details.\\n\\nThe Canonical String for this request should have been\\n'POST\\n/model/m/converse\\n\\n"
        + "x-amz-security-token:SECRET-TOKEN\\n'\"}";
    assertThat(codec.errorMessage(403, invalidSignature.getBytes(StandardCharsets.UTF_8)))
        .endsWith("Consult the service documentation for details.").doesNotContain("SECRET-TOKEN");
    assertThat(codec.errorMessage(502, "<html>bad gateway</html>".getBytes(StandardCharsets.UTF_8))).isNull();
    assertThat(codec.errorMessage(500, new byte[0])).isNull();
  }

  @Test
  void streamDecoder_isFreshPerCall() {
    BedrockCodec codec = new BedrockCodec(access(sigv4()), AT);
    byte[] body = BedrockFixtures.streamFromJsonl("converse-stream-text.events.jsonl");
    List<StreamEvent> first = new ArrayList<>();
    List<StreamEvent> second = new ArrayList<>();

    codec.streamDecoder().feed(body, 0, body.length, first::add);
    codec.streamDecoder().feed(body, 0, body.length, second::add);

    assertThat(first).isEqualTo(second).endsWith(StreamEvent.END);
  }

  @Test
  void decodeChat_readsTheFixture() {
    BedrockCodec codec = new BedrockCodec(access(sigv4()), AT);
    assertThat(codec.decodeChat(BedrockFixtures.bytes("converse.json")).text())
        .isEqualTo("Hello! How can I help you today?");
  }
}
