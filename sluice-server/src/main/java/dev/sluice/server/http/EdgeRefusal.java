package dev.sluice.server.http;

import dev.sluice.core.error.ErrorKind;
import dev.sluice.core.error.GatewayException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Answers a request the front refuses for its HTTP shape, not its content (bad framing 400, request timeout
 * 408, header block too large 431, ...), then closes the connection: after such a request the server can no
 * longer be sure where the next one starts, or does not want to wait for it. The body is the caller's
 * dialect's error object with the exact status (statuses the core's error kinds do not model; the error
 * {@code type} is the invalid-request one, and {@code code} names the problem).
 */
final class EdgeRefusal {
  private EdgeRefusal() {}

  static void send(Exchange exchange, int status, String code, String message) {
    HttpServerResponse response = exchange.response();
    if (response.ended() || !exchange.responseNotStarted()) {
      exchange.request().connection().close();
      return;
    }
    ConnectionClock.refuseFurtherRequests(GatewayServer.channelOf(exchange.request()));
    GatewayException error = new GatewayException(ErrorKind.INVALID_REQUEST, message, null, code);
    response.setStatusCode(status)
        .putHeader("content-type", "application/json")
        .putHeader("connection", "close")
        .end(Buffer.buffer(exchange.dialect().body(error)))
        .onComplete(done -> LingeringClose.drainThenClose(exchange.request()));
  }
}
