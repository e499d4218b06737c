package dev.sluice.server.proxy;

import dev.sluice.core.error.GatewayException;
import dev.sluice.core.model.Usage;
import dev.sluice.core.provider.openai.OpenAiUpstreamErrors;
import dev.sluice.core.route.AttemptFailure;
import dev.sluice.core.route.FailureClass;
import io.vertx.core.buffer.Buffer;

/** How one upstream attempt ended; the attempt loop decides what happens next. */
sealed interface AttemptOutcome {

  /**
   * The provider answered. For a unary call {@code body} is the response to relay; for a stream it is null
   * (the events already went to the client).
   */
  record Served(Buffer body, Usage usage, long latencyMillis, long ttftMillis, long contentEvents)
      implements AttemptOutcome {}

  /**
   * The attempt failed. {@code error} is what the client gets if nothing else serves the request;
   * {@code partialText} is the answer so far when bytes already reached the client (for continuation).
   */
  record Failed(GatewayException error, FailureClass kind, Long retryAfterMillis, boolean bytesSent,
      String partialText, Usage usage, long contentEvents) implements AttemptOutcome {

    AttemptFailure asAttemptFailure() {
      return new AttemptFailure(kind, retryAfterMillis, bytesSent);
    }

    static Failed beforeBytes(GatewayException error, FailureClass kind) {
      return new Failed(error, kind, null, false, null, Usage.zero(), 0);
    }

    static Failed transport(String provider, Throwable cause) {
      GatewayException error = UpstreamFailures.of(provider, cause);
      FailureClass kind = error.kind() == dev.sluice.core.error.ErrorKind.UPSTREAM_TIMEOUT
          ? FailureClass.TIMEOUT : FailureClass.CONNECT;
      return beforeBytes(error, kind);
    }

    static Failed status(String provider, int status, String retryAfterMs, String retryAfter, byte[] body) {
      return new Failed(OpenAiUpstreamErrors.toGatewayException(provider, status, retryAfter, body),
          OpenAiUpstreamErrors.classify(status, body), OpenAiUpstreamErrors.retryAfterMillis(retryAfterMs, retryAfter),
          false, null, Usage.zero(), 0);
    }
  }

  /** The client went away; the upstream request was cancelled. */
  record ClientGone(Usage usage, long contentEvents) implements AttemptOutcome {}
}
