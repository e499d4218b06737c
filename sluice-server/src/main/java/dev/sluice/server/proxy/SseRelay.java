package dev.sluice.server.proxy;

import dev.sluice.core.dialect.openai.OpenAiErrorBodies;
import dev.sluice.core.dialect.openai.OpenAiStreamRelay;
import dev.sluice.core.error.GatewayException;
import dev.sluice.core.stream.SseEvent;
import dev.sluice.core.stream.SseParser;
import dev.sluice.core.stream.SseWriter;
import dev.sluice.server.http.ErrorResponder;
import dev.sluice.server.http.Exchange;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;

/**
 * Relays one upstream SSE stream to the client, event by event: bytes in, {@link SseParser} to whole
 * events, {@link OpenAiStreamRelay} to decide what the client gets, one write per event.
 *
 * <p>Also owns the stream's clock: an SSE comment ({@code : ping}) after {@code keepAlive} without a
 * write, so proxies and load balancers in front of the gateway do not cut a long silent stream; and an
 * end with an in-band error when the upstream has been silent for {@code idleTimeout}. Back-pressure: when
 * the client reads slower than the provider writes, the upstream response is paused until the client's
 * write queue drains, so a slow client never makes the gateway buffer a whole answer.
 *
 * <p>One instance per stream, used only on its event loop; not thread-safe.
 */
final class SseRelay {
  private final Vertx vertx;
  private final Exchange exchange;
  private final Target target;
  private final HttpClientRequest upstreamRequest;
  private final OpenAiStreamRelay transducer;
  private final long idleNanos;
  private final long keepAliveNanos;
  private final AccessLog accessLog;
  private final SseParser parser = new SseParser(this::onEvent);

  private Runnable onFirstEvent = () -> {};
  private HttpClientResponse upstream;
  private boolean started;
  private boolean finished;
  private long lastUpstreamNanos;
  private long lastClientWriteNanos;
  private long clockTimer = -1;

  SseRelay(Vertx vertx, Exchange exchange, Target target, HttpClientRequest upstreamRequest,
      OpenAiStreamRelay transducer, Duration idleTimeout, Duration keepAlive, AccessLog accessLog) {
    this.vertx = vertx;
    this.exchange = exchange;
    this.target = target;
    this.upstreamRequest = upstreamRequest;
    this.transducer = transducer;
    this.idleNanos = idleTimeout.toNanos();
    this.keepAliveNanos = keepAlive.toNanos();
    this.accessLog = accessLog;
  }

  boolean started() {
    return started;
  }

  void onFirstEvent(Runnable action) {
    this.onFirstEvent = action;
  }

  void attach(HttpClientResponse response) {
    this.upstream = response;
    lastUpstreamNanos = System.nanoTime();
    response.handler(chunk -> {
      lastUpstreamNanos = System.nanoTime();
      byte[] bytes = chunk.getBytes();
      parser.feed(bytes, 0, bytes.length);
      if (parser.overflowed()) {
        abort(GatewayException.upstream("Provider '" + target.endpoint().name() + "' sent an oversized stream event."));
      }
    });
    response.endHandler(v -> onUpstreamEnd());
    response.exceptionHandler(this::onUpstreamFailure);
    long tick = Math.max(50, Math.min(keepAliveNanos, idleNanos) / 4_000_000);
    clockTimer = vertx.setPeriodic(tick, id -> onClockTick());
  }

  void clientClosed() {
    if (finished || exchange.response().ended()) {
      return;
    }
    finish();
    upstreamRequest.reset(); // stop the provider generating (and billing) tokens nobody will read
    accessLog.completed(exchange, target, 499, transducer.usage(), true);
  }

  private void onEvent(SseEvent event) {
    if (finished) {
      return;
    }
    byte[] out = transducer.onEvent(event);
    if (out == null) {
      return;
    }
    if (!started) {
      startClientResponse();
    }
    write(out);
  }

  private void startClientResponse() {
    started = true;
    onFirstEvent.run();
    exchange.response()
        .setStatusCode(200)
        .setChunked(true)
        .putHeader("content-type", "text/event-stream; charset=utf-8")
        .putHeader("cache-control", "no-cache")
        .putHeader("x-accel-buffering", "no"); // tell nginx-style proxies not to buffer the stream
  }

  private void write(byte[] bytes) {
    HttpServerResponse response = exchange.response();
    response.write(Buffer.buffer(bytes));
    lastClientWriteNanos = System.nanoTime();
    if (response.writeQueueFull() && upstream != null) {
      upstream.pause();
      response.drainHandler(v -> upstream.resume());
    }
  }

  private void onUpstreamEnd() {
    if (finished) {
      return;
    }
    parser.endOfInput();
    if (transducer.done() || transducer.failed()) {
      finish();
      if (!started) {
        startClientResponse();
      }
      exchange.response().end();
      accessLog.completed(exchange, target, 200, transducer.usage(), true);
      return;
    }
    abort(GatewayException.upstream("Provider '" + target.endpoint().name() + "' ended the stream early."));
  }

  private void onUpstreamFailure(Throwable failure) {
    if (!finished) {
      abort(UpstreamFailures.of(target.endpoint().name(), failure));
    }
  }

  private void onClockTick() {
    long now = System.nanoTime();
    if (now - lastUpstreamNanos >= idleNanos) {
      abort(GatewayException.upstreamTimeout("Provider '" + target.endpoint().name() + "' stalled for "
          + idleNanos / 1_000_000 + " ms."));
      return;
    }
    if (started && now - lastClientWriteNanos >= keepAliveNanos) {
      write(SseWriter.comment("ping"));
    }
  }

  /** Ends the stream with the error: its own status before the first event, in-band after. */
  private void abort(GatewayException error) {
    if (finished) {
      return;
    }
    finish();
    // Answer first, then cancel: the reset fails the pending upstream futures synchronously, and their
    // handlers must find the response already ended.
    if (started) {
      exchange.response().end(Buffer.buffer(OpenAiErrorBodies.midStreamEvent(error)));
    } else {
      ErrorResponder.send(exchange, error);
    }
    accessLog.completed(exchange, target, started ? 200 : error.kind().status(), transducer.usage(), true);
    upstreamRequest.reset();
  }

  /** The time-to-first-token deadline passed: fail with 504 unless the stream has started. */
  void firstEventDeadlinePassed(GatewayException error) {
    if (!started) {
      abort(error);
    }
  }

  private void finish() {
    finished = true;
    if (clockTimer != -1) {
      vertx.cancelTimer(clockTimer);
    }
    if (upstream != null) {
      upstream.handler(null);
    }
  }
}
