package dev.sluice.core.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.route.FailureClass;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OpenAiFailureClassTest {
  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void statusesMapToFailureClasses() {
    assertThat(OpenAiUpstreamErrors.classify(429, new byte[0])).isEqualTo(FailureClass.RATE_LIMITED);
    assertThat(OpenAiUpstreamErrors.classify(503, new byte[0])).isEqualTo(FailureClass.SERVER_ERROR);
    assertThat(OpenAiUpstreamErrors.classify(408, new byte[0])).isEqualTo(FailureClass.SERVER_ERROR);
    assertThat(OpenAiUpstreamErrors.classify(401, new byte[0])).isEqualTo(FailureClass.SERVER_ERROR);
    assertThat(OpenAiUpstreamErrors.classify(400, bytes("{\"error\":{\"message\":\"bad temperature\"}}")))
        .isEqualTo(FailureClass.CLIENT_ERROR);
    assertThat(OpenAiUpstreamErrors.classify(404, new byte[0])).isEqualTo(FailureClass.CLIENT_ERROR);
  }

  @Test
  void contextLengthErrorsAreRecognisedByCodeOrWording() {
    assertThat(OpenAiUpstreamErrors.classify(400, bytes(
        "{\"error\":{\"message\":\"x\",\"type\":\"invalid_request_error\",\"code\":\"context_length_exceeded\"}}")))
        .isEqualTo(FailureClass.CONTEXT_LENGTH);
    assertThat(OpenAiUpstreamErrors.classify(400, bytes(
        "{\"error\":{\"message\":\"This model's maximum context length is 8192 tokens.\"}}")))
        .isEqualTo(FailureClass.CONTEXT_LENGTH);
  }

  @Test
  void retryAfterPrefersMilliseconds() {
    assertThat(OpenAiUpstreamErrors.retryAfterMillis("250", "1")).isEqualTo(250L);
    assertThat(OpenAiUpstreamErrors.retryAfterMillis(null, "2")).isEqualTo(2000L);
    assertThat(OpenAiUpstreamErrors.retryAfterMillis("junk", null)).isNull();
  }
}
