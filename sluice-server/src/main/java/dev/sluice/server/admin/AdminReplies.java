package dev.sluice.server.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.server.http.ErrorResponder;
import dev.sluice.server.http.Exchange;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** What every admin handler does the same way: store work off the event loop, and JSON answers. */
final class AdminReplies {
  private AdminReplies() {}

  /** Runs blocking store work on a worker, then {@code then} on the event loop; failures become the error reply. */
  static <T> void blocking(Vertx vertx, Exchange exchange, Callable<T> work, Consumer<T> then) {
    vertx.executeBlocking(work, /* ordered= */ false).onComplete(done -> {
      if (done.failed()) {
        ErrorResponder.send(exchange, done.cause());
        return;
      }
      try {
        then.accept(done.result());
      } catch (RuntimeException e) {
        ErrorResponder.send(exchange, e);
      }
    });
  }

  static void json(Exchange exchange, int status, ObjectNode body) {
    exchange.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.toString());
  }
}
