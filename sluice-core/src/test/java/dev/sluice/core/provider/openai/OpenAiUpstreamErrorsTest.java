package dev.sluice.core.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.error.ErrorKind;
import dev.sluice.core.error.GatewayException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OpenAiUpstreamErrorsTest {

  private static byte[] fixture(String name) throws IOException {
    try (InputStream in = OpenAiUpstreamErrorsTest.class.getResourceAsStream("/wire/openai/" + name)) {
      return in.readAllBytes();
    }
  }

  @Test
  void aRejectedProviderCredentialBecomes502WithoutTheProvidersMessage() throws IOException {
    GatewayException e = OpenAiUpstreamErrors.toGatewayException("openai", 401, null,
        fixture("error-401-invalid-key.json"));
    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(e.kind().status()).isEqualTo(502);
    assertThat(e.getMessage()).contains("'openai'").doesNotContain("sk-").doesNotContain("***");
  }

  @Test
  void anUnknownUpstreamModelIsRelayedAs404WithItsCode() throws IOException {
    GatewayException e = OpenAiUpstreamErrors.toGatewayException("openai", 404, null,
        fixture("error-404-model.json"));
    assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
    assertThat(e.code()).isEqualTo("model_not_found");
    assertThat(e.getMessage()).contains("gpt-9-nonexistent");
  }

  @Test
  void requestErrorsKeepMessageParamAndCodeButLoseSecrets() {
    byte[] body = ("{\"error\":{\"message\":\"Invalid value for key sk-proj-abcdEFGH1234 in 'temperature'\","
        + "\"type\":\"invalid_request_error\",\"param\":\"temperature\",\"code\":\"invalid_value\"}}")
        .getBytes(StandardCharsets.UTF_8);
    GatewayException e = OpenAiUpstreamErrors.toGatewayException("groq", 400, null, body);
    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(e.param()).isEqualTo("temperature");
    assertThat(e.code()).isEqualTo("invalid_value");
    assertThat(e.getMessage()).contains("[redacted]").doesNotContain("sk-proj");
  }

  @Test
  void rateLimitsKeepRetryAfterAndServerErrorsBecome502() {
    GatewayException limited = OpenAiUpstreamErrors.toGatewayException("openai", 429, "1.5", new byte[0]);
    assertThat(limited.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(limited.retryAfterSeconds()).isEqualTo(2);
    GatewayException broken = OpenAiUpstreamErrors.toGatewayException("openai", 503, null,
        "<html>bad gateway</html>".getBytes(StandardCharsets.UTF_8));
    assertThat(broken.kind().status()).isEqualTo(502);
    assertThat(broken.getMessage()).contains("HTTP 503");
  }

  @Test
  void retryAfterParsing() {
    assertThat(OpenAiUpstreamErrors.parseRetryAfter(null)).isNull();
    assertThat(OpenAiUpstreamErrors.parseRetryAfter("7")).isEqualTo(7);
    assertThat(OpenAiUpstreamErrors.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isNull();
    assertThat(OpenAiUpstreamErrors.parseRetryAfter("-3")).isNull();
  }

  @Test
  void scrubberLeavesOrdinaryTextAloneAndIsLinearOnHostileInput() {
    assertThat(SecretScrubber.scrub("The model `gpt-4o-mini` does not exist.")).isEqualTo(
        "The model `gpt-4o-mini` does not exist.");
    assertThat(SecretScrubber.scrub("key gsk_abcdef123 and AKIAIOSFODNN7EXAMPLE")).isEqualTo(
        "key [redacted] and [redacted]");
    String hostile = "a".repeat(1_000_000);
    assertThat(SecretScrubber.scrub(hostile)).isEqualTo("[redacted]");
  }
}
