package dev.sluice.server.proxy;

import dev.sluice.core.error.GatewayException;
import dev.sluice.core.model.Usage;
import dev.sluice.core.provider.openai.OpenAiUpstreamErrors;
import dev.sluice.server.http.ErrorResponder;
import dev.sluice.server.http.Exchange;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import java.time.Duration;
import java.util.function.Function;

/**
 * One non-streamed upstream call: send, wait at most the attempt timeout, relay a success body as is
 * (passthrough) or turn a provider error into the caller's dialect. A client that goes away cancels the
 * upstream request.
 */
final class UnaryProxy {
  private final Vertx vertx;
  private final UpstreamClient client;
  private final Duration attemptTimeout;
  private final AccessLog accessLog;

  UnaryProxy(Vertx vertx, UpstreamClient client, Duration attemptTimeout, AccessLog accessLog) {
    this.vertx = vertx;
    this.client = client;
    this.attemptTimeout = attemptTimeout;
    this.accessLog = accessLog;
  }

  void forward(Exchange exchange, Target target, Function<byte[], Usage> usageOf) {
    String provider = target.endpoint().name();
    client.open(target.endpoint(), target.operation(), false).onComplete(opened -> {
      if (opened.failed()) {
        fail(exchange, target, UpstreamFailures.of(provider, opened.cause()));
        return;
      }
      HttpClientRequest request = opened.result();
      long timer = vertx.setTimer(attemptTimeout.toMillis(), t -> {
        fail(exchange, target, UpstreamFailures.timeout(provider));
        request.reset();
      });
      exchange.response().closeHandler(v -> request.reset()); // client gone: stop paying for the answer
      request.send(Buffer.buffer(target.body()))
          .compose(response -> CappedBody.read(response, provider).map(body -> new Answer(response, body)))
          .onComplete(done -> {
            vertx.cancelTimer(timer);
            if (done.failed()) {
              fail(exchange, target, UpstreamFailures.of(provider, done.cause()));
            } else {
              relay(exchange, target, done.result(), usageOf);
            }
          });
    });
  }

  private record Answer(HttpClientResponse response, Buffer body) {}

  private void relay(Exchange exchange, Target target, Answer answer, Function<byte[], Usage> usageOf) {
    int status = answer.response().statusCode();
    byte[] bytes = answer.body().getBytes();
    if (status / 100 != 2) {
      fail(exchange, target, OpenAiUpstreamErrors.toGatewayException(
          target.endpoint().name(), status, answer.response().getHeader("retry-after"), bytes));
      return;
    }
    if (!exchange.responseNotStarted()) {
      return; // the timeout already answered
    }
    Usage usage = usageOf.apply(bytes);
    exchange.response()
        .setStatusCode(200)
        .putHeader("content-type", "application/json")
        .end(answer.body());
    accessLog.completed(exchange, target, 200, usage, false);
  }

  private void fail(Exchange exchange, Target target, GatewayException error) {
    if (!exchange.responseNotStarted()) {
      return;
    }
    ErrorResponder.send(exchange, error);
    accessLog.completed(exchange, target, error.kind().status(), Usage.zero(), false);
  }
}
