package dev.sluice.server.proxy;

import dev.sluice.core.error.GatewayException;
import dev.sluice.core.route.FailureClass;
import dev.sluice.core.stream.StreamTransducer;
import dev.sluice.core.stream.SseWriter;
import dev.sluice.server.http.Exchange;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import dev.sluice.core.model.Usage;

/**
 * Relays one upstream stream to the client, event by event: bytes in, the {@link StreamTransducer}
 * (passthrough or translation) decides what the client gets, one write per event.
 *
 * <p><b>Commit point.</b> Events before the first content (or finish) are held back: a stream that opens
 * with HTTP 200 and then carries an error, or ends without a chunk, is still a failure the attempt loop
 * can fall back from, because no byte has reached the client. From the commit on, events go out as they
 * arrive and a failure is a mid-stream failure.
 *
 * <p>Also owns the stream's clock: an SSE comment ({@code : ping}) after {@code keepAlive} without a
 * write, so proxies in front of the gateway do not cut a long silent stream; and a failure when the
 * upstream has been silent for {@code idleTimeout}. Back-pressure: while the client's write queue is full
 * the upstream response is paused, so a slow client never makes the gateway buffer a whole answer.
 *
 * <p>One instance per upstream attempt, used only on its event loop; not thread-safe.
 */
final class SseRelay {
  private final Vertx vertx;
  private final Exchange exchange;
  private final String provider;
  private final HttpClientRequest upstreamRequest;
  private final StreamTransducer transducer;
  private final java.util.function.Consumer<byte[]> step = this::onStep;
  private final long idleNanos;
  private final long keepAliveNanos;
  private final Runnable beforeCommit;
  private final byte[] beforeDone;
  private final PartialText partialText;
  private final BiFunction<byte[], Usage, byte[]> usageChunk;
  private final long deadlineNanos;
  private boolean usageSeen;
  private final Promise<AttemptOutcome> outcome = Promise.promise();
  private final long startNanos = System.nanoTime();
  private final List<byte[]> held = new ArrayList<>(2);

  private HttpClientResponse upstream;
  private boolean committed;
  private long ttftMillis = -1;
  private long lastUpstreamNanos;
  private long lastClientWriteNanos;
  private long clockTimer = -1;

  /**
   * @param beforeCommit runs once, just before the first byte goes out (sets the decision headers)
   * @param beforeDone bytes written just before {@code [DONE]} (a continuation's trailer), or null
   * @param trackText keep the answer's text so far, for mid-stream continuation
   * @param deadlineNanos the request's total deadline ({@link System#nanoTime()} scale)
   */
  SseRelay(Vertx vertx, Exchange exchange, String provider, HttpClientRequest upstreamRequest,
      StreamTransducer transducer, Duration idleTimeout, Duration keepAlive, Runnable beforeCommit,
      byte[] beforeDone, boolean trackText, BiFunction<byte[], Usage, byte[]> usageChunk, long deadlineNanos) {
    this.vertx = vertx;
    this.exchange = exchange;
    this.provider = provider;
    this.upstreamRequest = upstreamRequest;
    this.transducer = transducer;
    this.idleNanos = idleTimeout.toNanos();
    this.keepAliveNanos = keepAlive.toNanos();
    this.beforeCommit = beforeCommit;
    this.beforeDone = beforeDone;
    this.partialText = trackText ? new PartialText() : null;
    this.usageChunk = usageChunk;
    this.deadlineNanos = deadlineNanos;
  }

  boolean committed() {
    return committed;
  }

  Future<AttemptOutcome> outcome() {
    return outcome.future();
  }

  void attach(HttpClientResponse response) {
    this.upstream = response;
    lastUpstreamNanos = System.nanoTime();
    lastClientWriteNanos = lastUpstreamNanos;
    response.handler(chunk -> {
      lastUpstreamNanos = System.nanoTime();
      byte[] bytes = chunk.getBytes();
      transducer.feed(bytes, 0, bytes.length, step);
      if (transducer.overflowed()) {
        fail(GatewayException.upstream("Provider '" + provider + "' sent an oversized stream event."),
            FailureClass.SERVER_ERROR);
      }
    });
    response.endHandler(v -> onUpstreamEnd());
    response.exceptionHandler(failure -> {
      AttemptOutcome.Failed f = AttemptOutcome.Failed.transport(provider, failure);
      fail(f.error(), committed ? FailureClass.MID_STREAM : f.kind());
    });
    long tick = Math.max(50, Math.min(keepAliveNanos, idleNanos) / 4_000_000);
    clockTimer = vertx.setPeriodic(tick, id -> onClockTick());
  }

  /** The time-to-first-token deadline passed: a failure unless the stream has committed. */
  void firstEventDeadlinePassed(GatewayException error) {
    if (!committed) {
      fail(error, FailureClass.TIMEOUT);
    }
  }

  void clientGone() {
    if (finish()) {
      upstreamRequest.reset(); // stop the provider generating (and billing) tokens nobody will read
      outcome.complete(new AttemptOutcome.ClientGone(transducer.usage(), transducer.contentEvents()));
    }
  }

  private void onStep(byte[] out) {
    if (outcome.future().isComplete()) {
      return;
    }
    if (!usageSeen && transducer.usage().isKnown()) {
      usageSeen = true;
      if (out != null && usageChunk != null) {
        out = usageChunk.apply(out, transducer.usage());
      }
    }
    if (transducer.failed()) {
      // Not forwarded: the attempt loop decides between a fallback (nothing sent yet), a continuation, or
      // ending the stream with one error event of its own.
      fail(GatewayException.upstream("Provider '" + provider + "' reported an error: " + transducer.errorMessage()),
          FailureClass.INBAND_ERROR);
      return;
    }
    if (committed) {
      if (out != null) {
        send(out);
      }
      return;
    }
    if (out != null) {
      held.add(out);
    }
    if (transducer.started()) {
      commit();
    } else if (transducer.done()) {
      fail(GatewayException.upstream("Provider '" + provider + "' ended the stream without an answer."),
          FailureClass.EMPTY_STREAM);
    }
  }

  private void commit() {
    committed = true;
    if (transducer instanceof TranslatedStream translated) {
      exchange.streamErrorsVia(translated::error); // the stream's own encoder closes what it opened
    }
    ttftMillis = (System.nanoTime() - startNanos) / 1_000_000;
    HttpServerResponse response = exchange.response();
    if (!response.headWritten()) {
      beforeCommit.run();
      response.setStatusCode(200)
          .setChunked(true)
          .putHeader("content-type", "text/event-stream; charset=utf-8")
          .putHeader("cache-control", "no-cache")
          .putHeader("x-accel-buffering", "no"); // tell nginx-style proxies not to buffer the stream
    }
    for (byte[] bytes : held) {
      send(bytes);
    }
    held.clear();
  }

  private void send(byte[] bytes) {
    if (partialText != null) {
      partialText.add(bytes);
    }
    if (beforeDone != null && isDone(bytes)) {
      write(beforeDone);
    }
    write(bytes);
  }

  private static boolean isDone(byte[] bytes) {
    return java.util.Arrays.equals(bytes, SseWriter.DONE);
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
    if (outcome.future().isComplete()) {
      return;
    }
    transducer.endOfInput(step);
    if (outcome.future().isComplete()) {
      return;
    }
    if (committed && transducer.done()) {
      finish();
      exchange.response().end();
      long latency = (System.nanoTime() - startNanos) / 1_000_000;
      outcome.complete(new AttemptOutcome.Served(null, transducer.usage(), latency, ttftMillis,
          transducer.contentEvents()));
      return;
    }
    fail(GatewayException.upstream("Provider '" + provider + "' ended the stream early."),
        committed ? FailureClass.MID_STREAM : FailureClass.EMPTY_STREAM);
  }

  private void onClockTick() {
    long now = System.nanoTime();
    if (upstream != null && now - lastUpstreamNanos >= idleNanos) {
      fail(GatewayException.upstreamTimeout("Provider '" + provider + "' stalled for " + idleNanos / 1_000_000 + " ms."),
          committed ? FailureClass.MID_STREAM : FailureClass.TIMEOUT);
      return;
    }
    // The idle check alone let a provider that trickles an event every few seconds hold a request forever:
    // total_timeout bounds the whole request, a flowing stream included.
    if (upstream != null && now - deadlineNanos >= 0) {
      fail(GatewayException.upstreamTimeout("Provider '" + provider + "' was still streaming when the request's"
          + " total deadline passed."), committed ? FailureClass.MID_STREAM : FailureClass.TIMEOUT);
      return;
    }
    if (committed && now - lastClientWriteNanos >= keepAliveNanos) {
      write(SseWriter.comment("ping"));
    }
  }

  /** Ends this attempt as a failure; the response stays open for the attempt loop to finish or continue. */
  private void fail(GatewayException error, FailureClass kind) {
    if (!finish()) {
      return;
    }
    boolean bytesSent = committed;
    outcome.complete(new AttemptOutcome.Failed(error, bytesSent ? FailureClass.MID_STREAM : kind, null, bytesSent,
        partialText == null ? null : partialText.text(), transducer.usage(), transducer.contentEvents()));
    upstreamRequest.reset();
  }

  /** Stops timers and input; false when the attempt had already ended. */
  private boolean finish() {
    if (outcome.future().isComplete()) {
      return false;
    }
    if (clockTimer != -1) {
      vertx.cancelTimer(clockTimer);
    }
    if (upstream != null) {
      upstream.handler(null);
      upstream.exceptionHandler(null);
    }
    return true;
  }
}
