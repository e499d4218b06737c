package dev.sluice.server.proxy;

import dev.sluice.core.model.Usage;
import dev.sluice.core.tokens.TokenEstimator;
import dev.sluice.core.route.FailureClass;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import java.time.Duration;

/**
 * One non-streamed upstream attempt: send, wait at most the attempt timeout, and report how it ended.
 * Nothing is written to the client here; the attempt loop relays a success or decides what a failure
 * leads to.
 */
final class UnaryProxy {
  private final Vertx vertx;
  private final UpstreamClient client;
  private final Duration attemptTimeout;

  UnaryProxy(Vertx vertx, UpstreamClient client, Duration attemptTimeout) {
    this.vertx = vertx;
    this.client = client;
    this.attemptTimeout = attemptTimeout;
  }

  /**
   * @param cancel completes when the client goes away, to stop paying for an answer nobody reads
   */
  Future<AttemptOutcome> attempt(Target target, Future<Void> cancel) {
    String provider = target.endpoint().name();
    long start = System.nanoTime();
    Promise<AttemptOutcome> outcome = Promise.promise();
    client.open(target.endpoint(), target.call().path(), target.call().headers(), false).onComplete(opened -> {
      if (opened.failed()) {
        outcome.tryComplete(AttemptOutcome.Failed.transport(provider, opened.cause()));
        return;
      }
      HttpClientRequest request = opened.result();
      long timer = vertx.setTimer(attemptTimeout.toMillis(), t -> {
        outcome.tryComplete(AttemptOutcome.Failed.beforeBytes(UpstreamFailures.timeout(provider), FailureClass.TIMEOUT));
        request.reset();
      });
      cancel.onComplete(gone -> {
        if (outcome.tryComplete(new AttemptOutcome.ClientGone(Usage.zero(), 0))) {
          vertx.cancelTimer(timer);
          request.reset();
        }
      });
      request.send(Buffer.buffer(target.body()))
          .compose(response -> CappedBody.read(response, provider).map(body -> new Answer(response, body)))
          .onComplete(done -> {
            vertx.cancelTimer(timer);
            if (done.failed()) {
              outcome.tryComplete(AttemptOutcome.Failed.transport(provider, done.cause()));
            } else {
              outcome.tryComplete(judge(target, done.result(), (System.nanoTime() - start) / 1_000_000));
            }
          });
    });
    return outcome.future();
  }

  private record Answer(HttpClientResponse response, Buffer body) {}

  private static AttemptOutcome judge(Target target, Answer answer, long millis) {
    String provider = target.endpoint().name();
    HttpClientResponse response = answer.response();
    byte[] bytes = answer.body().getBytes();
    if (response.statusCode() / 100 != 2) {
      return AttemptOutcome.Failed.status(provider, response.statusCode(), response.getHeader("retry-after-ms"),
          response.getHeader("retry-after"), bytes);
    }
    UnaryAnswer read;
    try {
      read = target.call().unary().apply(bytes);
    } catch (dev.sluice.core.error.GatewayException malformed) {
      return AttemptOutcome.Failed.beforeBytes(malformed, FailureClass.SERVER_ERROR);
    }
    if (read == null) {
      return AttemptOutcome.Failed.beforeBytes(dev.sluice.core.error.GatewayException.upstream(
          "Provider '" + provider + "' returned an empty answer."), FailureClass.EMPTY_STREAM);
    }
    // No usage from the provider: count the answer's tokens so the estimate covers the output too.
    Usage usage = read.usage();
    long outputEstimate = usage.isKnown() ? 0 : TokenEstimator.estimate(read.answerText(), target.deployment().model());
    Buffer body = read.clientBody() == bytes ? answer.body() : Buffer.buffer(read.clientBody());
    return new AttemptOutcome.Served(body, usage, millis, -1, outputEstimate);
  }
}
