package dev.sluice.server.proxy;

import dev.sluice.core.dialect.openai.OpenAiStreamRelay;
import dev.sluice.core.error.GatewayException;
import dev.sluice.core.provider.openai.OpenAiUpstreamErrors;
import dev.sluice.server.http.ErrorResponder;
import dev.sluice.server.http.Exchange;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import java.time.Duration;

/**
 * One streamed upstream call. Until the first event arrives nothing is sent to the client, so every
 * failure before then (connect error, HTTP error status, wrong content type, time to first token) still
 * gets its own status code and error body. From the first event on, events are relayed one write (and
 * flush) each, as they arrive; see {@link SseRelay}.
 */
final class StreamingProxy {
  private final Vertx vertx;
  private final UpstreamClient client;
  private final Duration ttftTimeout;
  private final Duration idleTimeout;
  private final Duration keepAlive;
  private final AccessLog accessLog;

  StreamingProxy(Vertx vertx, UpstreamClient client, Duration ttftTimeout, Duration idleTimeout,
      Duration keepAlive, AccessLog accessLog) {
    this.vertx = vertx;
    this.client = client;
    this.ttftTimeout = ttftTimeout;
    this.idleTimeout = idleTimeout;
    this.keepAlive = keepAlive;
    this.accessLog = accessLog;
  }

  void forward(Exchange exchange, Target target, boolean clientWantsUsage) {
    String provider = target.endpoint().name();
    client.open(target.endpoint(), target.operation(), true).onComplete(opened -> {
      if (opened.failed()) {
        failBeforeStream(exchange, target, UpstreamFailures.of(provider, opened.cause()));
        return;
      }
      HttpClientRequest request = opened.result();
      SseRelay relay = new SseRelay(vertx, exchange, target, request,
          new OpenAiStreamRelay(clientWantsUsage), idleTimeout, keepAlive, accessLog);
      long ttft = vertx.setTimer(ttftTimeout.toMillis(), t -> relay.firstEventDeadlinePassed(
          GatewayException.upstreamTimeout(
              "Provider '" + provider + "' sent no event within " + ttftTimeout.toMillis() + " ms.")));
      relay.onFirstEvent(() -> vertx.cancelTimer(ttft));
      exchange.response().closeHandler(v -> relay.clientClosed());
      request.send(Buffer.buffer(target.body())).onComplete(sent -> {
        if (sent.failed()) {
          vertx.cancelTimer(ttft);
          failBeforeStream(exchange, target, UpstreamFailures.of(provider, sent.cause()));
          return;
        }
        HttpClientResponse response = sent.result();
        if (response.statusCode() / 100 != 2) {
          vertx.cancelTimer(ttft);
          relayErrorStatus(exchange, target, response);
          return;
        }
        String contentType = response.getHeader("content-type");
        if (contentType == null || !contentType.startsWith("text/event-stream")) {
          vertx.cancelTimer(ttft);
          request.reset();
          failBeforeStream(exchange, target, GatewayException.upstream("Provider '" + provider
              + "' answered a streaming request with content type " + contentType + " instead of text/event-stream."));
          return;
        }
        relay.attach(response);
      });
    });
  }

  private void relayErrorStatus(Exchange exchange, Target target, HttpClientResponse response) {
    String provider = target.endpoint().name();
    CappedBody.read(response, provider).onComplete(body -> {
      GatewayException error = body.succeeded()
          ? OpenAiUpstreamErrors.toGatewayException(provider, response.statusCode(),
              response.getHeader("retry-after"), body.result().getBytes())
          : UpstreamFailures.of(provider, body.cause());
      failBeforeStream(exchange, target, error);
    });
  }

  private void failBeforeStream(Exchange exchange, Target target, GatewayException error) {
    if (!exchange.responseNotStarted()) {
      return;
    }
    ErrorResponder.send(exchange, error);
    accessLog.completed(exchange, target, error.kind().status(), dev.sluice.core.model.Usage.zero(), true);
  }
}
