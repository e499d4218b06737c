package dev.sluice.server.http;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

/**
 * Closes a connection whose request body we refused, without losing our answer. Closing a socket that
 * still has unread bytes makes the kernel send a reset, and a reset can overtake the 413 we just wrote, so
 * the client sees "connection reset" instead of the error. Like nginx's lingering close, we read and drop
 * what keeps arriving for a short while (bounded in time and bytes), then close.
 */
final class LingeringClose {
  private static final long LINGER_MILLIS = 2_000;
  private static final long LINGER_BYTES = 16L * 1024 * 1024;

  private LingeringClose() {}

  static void drainThenClose(HttpServerRequest request) {
    Context context = Vertx.currentContext();
    if (context == null || request.isEnded()) {
      request.connection().close();
      return;
    }
    long[] drained = {0};
    long timer = context.owner().setTimer(LINGER_MILLIS, t -> request.connection().close());
    request.handler(chunk -> {
      drained[0] += chunk.length();
      if (drained[0] > LINGER_BYTES) {
        context.owner().cancelTimer(timer);
        request.connection().close();
      }
    });
    request.endHandler(v -> {
      context.owner().cancelTimer(timer);
      request.connection().close();
    });
    request.exceptionHandler(e -> context.owner().cancelTimer(timer));
    request.resume();
  }
}
