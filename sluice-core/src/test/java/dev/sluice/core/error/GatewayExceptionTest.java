package dev.sluice.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GatewayExceptionTest {
  @Test
  void capturesNoStackTrace() {
    assertThat(GatewayException.invalidRequest("bad", "model").getStackTrace()).isEmpty();
  }

  @Test
  void factoriesSetKindCodeAndParam() {
    GatewayException e = GatewayException.invalidRequest("bad", "messages[0].role");
    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(e.param()).isEqualTo("messages[0].role");
    assertThat(e.code()).isNull();
    assertThat(e.retryAfterSeconds()).isNull();

    assertThat(GatewayException.authentication("no key").code()).isEqualTo("invalid_api_key");
    GatewayException model = GatewayException.modelNotFound("gpt-9-nonexistent");
    assertThat(model.kind().status()).isEqualTo(404);
    assertThat(model.code()).isEqualTo("model_not_found");
    assertThat(model.getMessage())
        .isEqualTo("The model `gpt-9-nonexistent` does not exist or you do not have access to it.");

    GatewayException limited = GatewayException.rateLimited("slow down", 7);
    assertThat(limited.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(limited.retryAfterSeconds()).isEqualTo(7);
    assertThat(GatewayException.upstream("x").kind().status()).isEqualTo(502);
    assertThat(GatewayException.upstreamTimeout("x").kind().status()).isEqualTo(504);
    assertThat(GatewayException.payloadTooLarge("x").kind().status()).isEqualTo(413);
    assertThat(GatewayException.insufficientQuota("x").kind().status()).isEqualTo(402);
    assertThat(GatewayException.internal("x").kind().status()).isEqualTo(500);
  }

  @Test
  void kindsCarryBothDialectsTypes() {
    assertThat(ErrorKind.AUTHENTICATION.openAiType()).isEqualTo("invalid_request_error");
    assertThat(ErrorKind.AUTHENTICATION.anthropicType()).isEqualTo("authentication_error");
    assertThat(ErrorKind.PAYLOAD_TOO_LARGE.anthropicType()).isEqualTo("request_too_large");
    assertThat(ErrorKind.OVERLOADED.anthropicType()).isEqualTo("overloaded_error");
    assertThat(ErrorKind.INTERNAL.openAiType()).isEqualTo("server_error");
    assertThat(ErrorKind.RATE_LIMITED.retryable()).isTrue();
    assertThat(ErrorKind.UPSTREAM_TIMEOUT.retryable()).isTrue();
    assertThat(ErrorKind.INSUFFICIENT_QUOTA.retryable()).isFalse();
    assertThat(ErrorKind.INVALID_REQUEST.retryable()).isFalse();
  }
}
