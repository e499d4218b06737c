package dev.sluice.server.proxy;

import dev.sluice.core.error.GatewayException;
import dev.sluice.core.route.FailureClass;
import dev.sluice.server.http.Exchange;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import java.time.Duration;

/**
 * One streamed upstream attempt. Failures before the stream commits (connect error, HTTP error status,
 * wrong content type, no event within the time-to-first-token deadline, an in-band error or an empty
 * stream) leave the client untouched so the attempt loop can retry or fall back; see {@link SseRelay}.
 */
final class StreamingProxy {
  private final Vertx vertx;
  private final UpstreamClient client;
  private final Duration ttftTimeout;
  private final Duration idleTimeout;
  private final Duration keepAlive;

  StreamingProxy(Vertx vertx, UpstreamClient client, Duration ttftTimeout, Duration idleTimeout, Duration keepAlive) {
    this.vertx = vertx;
    this.client = client;
    this.ttftTimeout = ttftTimeout;
    this.idleTimeout = idleTimeout;
    this.keepAlive = keepAlive;
  }

  /**
   * What a streamed attempt needs besides its target.
   *
   * @param usageChunk rewrites the usage chunk before it goes out (adds {@code usage.cost}), or null
   * @param deadlineNanos the request's total deadline ({@link System#nanoTime()} scale): a stream that still flows
   *     then is ended, so a provider trickling bytes cannot hold a request past {@code total_timeout}
   */
  record StreamOptions(Runnable beforeCommit, byte[] beforeDone, boolean trackText,
      java.util.function.BiFunction<byte[], dev.sluice.core.model.Usage, byte[]> usageChunk, long deadlineNanos) {}

  Future<AttemptOutcome> attempt(Exchange exchange, Target target, StreamOptions options, Future<Void> cancel) {
    String provider = target.endpoint().name();
    Promise<AttemptOutcome> outcome = Promise.promise();
    client.open(target.endpoint(), target.call().path(), target.call().headers(), true).onComplete(opened -> {
      if (opened.failed()) {
        outcome.tryComplete(AttemptOutcome.Failed.transport(provider, opened.cause()));
        return;
      }
      HttpClientRequest request = opened.result();
      SseRelay relay = new SseRelay(vertx, exchange, provider, request,
          target.call().stream().get(), idleTimeout, keepAlive, options.beforeCommit(),
          options.beforeDone(), options.trackText(), options.usageChunk(), options.deadlineNanos());
      relay.outcome().onComplete(done -> outcome.tryComplete(done.result()));
      long ttft = vertx.setTimer(ttftTimeout.toMillis(), t -> {
        if (relay.committed()) {
          return; // the first event made it in time; from here on the stream's idle clock rules
        }
        GatewayException late = GatewayException.upstreamTimeout(
            "Provider '" + provider + "' sent no event within " + ttftTimeout.toMillis() + " ms.");
        relay.firstEventDeadlinePassed(late);
        if (outcome.tryComplete(AttemptOutcome.Failed.beforeBytes(late, FailureClass.TIMEOUT))) {
          request.reset(); // not attached yet: no headers arrived
        }
      });
      outcome.future().onComplete(done -> vertx.cancelTimer(ttft));
      cancel.onComplete(gone -> {
        relay.clientGone();
        if (outcome.tryComplete(new AttemptOutcome.ClientGone(dev.sluice.core.model.Usage.zero(), 0))) {
          request.reset();
        }
      });
      request.send(Buffer.buffer(target.body())).onComplete(sent -> {
        if (outcome.future().isComplete()) {
          return;
        }
        if (sent.failed()) {
          outcome.tryComplete(AttemptOutcome.Failed.transport(provider, sent.cause()));
          return;
        }
        HttpClientResponse response = sent.result();
        if (response.statusCode() / 100 != 2) {
          CappedBody.read(response, provider).onComplete(body -> outcome.tryComplete(body.succeeded()
              ? AttemptOutcome.Failed.status(provider, response.statusCode(), response.getHeader("retry-after-ms"),
                  response.getHeader("retry-after"), body.result().getBytes())
              : AttemptOutcome.Failed.transport(provider, body.cause())));
          return;
        }
        String contentType = response.getHeader("content-type");
        String expected = target.call().streamType();
        if (contentType == null || !contentType.startsWith(expected)) {
          request.reset();
          outcome.tryComplete(AttemptOutcome.Failed.beforeBytes(GatewayException.upstream("Provider '" + provider
              + "' answered a streaming request with content type " + contentType + " instead of " + expected + "."),
              FailureClass.SERVER_ERROR));
          return;
        }
        relay.attach(response);
      });
    });
    return outcome.future();
  }
}
