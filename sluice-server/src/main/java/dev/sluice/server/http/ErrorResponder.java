package dev.sluice.server.http;

import dev.sluice.core.error.ErrorKind;
import dev.sluice.core.error.GatewayException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders failures as the caller's dialect's error body ({@link Exchange#dialect()}) with the right status. Anything
 * that is not a {@link GatewayException} is a bug: it is logged with its stack trace under the request id
 * and the caller gets a generic 500 that names only the request id, never the exception text.
 */
public final class ErrorResponder {
  private static final Logger log = LoggerFactory.getLogger(ErrorResponder.class);

  private ErrorResponder() {}

  public static void send(Exchange exchange, Throwable failure) {
    GatewayException error = asGatewayException(exchange, failure);
    HttpServerResponse response = exchange.response();
    if (response.ended()) {
      return;
    }
    if (!exchange.responseNotStarted()) {
      // Bytes already went out (a stream): the status is fixed, so the error travels in-band.
      response.end(Buffer.buffer(exchange.midStreamError(error)));
      return;
    }
    response.setStatusCode(error.kind().status());
    response.putHeader("content-type", "application/json");
    if (error.retryAfterSeconds() != null) {
      response.putHeader("retry-after", Integer.toString(error.retryAfterSeconds()));
    }
    if (error.kind() == ErrorKind.PAYLOAD_TOO_LARGE) {
      // The rest of the body is still on the wire and will not be read: end the connection with the answer.
      response.putHeader("connection", "close");
      response.end(Buffer.buffer(exchange.dialect().body(error)))
          .onComplete(done -> LingeringClose.drainThenClose(exchange.request()));
      return;
    }
    response.end(Buffer.buffer(exchange.dialect().body(error)));
  }

  static GatewayException asGatewayException(Exchange exchange, Throwable failure) {
    if (failure instanceof GatewayException ge) {
      return ge;
    }
    log.error("request {} failed unexpectedly", exchange.id(), failure);
    return GatewayException.internal("The gateway failed to process the request (request id "
        + exchange.id() + "). The error was logged.");
  }
}
