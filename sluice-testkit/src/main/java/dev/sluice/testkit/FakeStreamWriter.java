package dev.sluice.testkit;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes one data-only SSE stream: headers, then one {@code data: ...\n\n} write per event, then {@code data: [DONE]}.
 * The next event goes out only once the previous write has completed (flushed), with {@code gap-<ms>} between them
 * or a bare hop through the event loop, which keeps a {@code chunks-100000} stream from recursing or flooding the
 * write queue. Applies the stream faults: {@code stall-midstream}, {@code truncate}, {@code malformed-sse}.
 * One instance per response, confined to the response's event loop; only the counters are shared.
 */
final class FakeStreamWriter {
  /** Events sent before {@code stall-midstream} goes quiet and {@code truncate} cuts the connection. */
  static final int EVENTS_BEFORE_FAULT = 2;
  private static final String DONE = "data: [DONE]\n\n";

  /** Shared across all streams of one provider. */
  static final class Counters {
    final AtomicInteger open = new AtomicInteger();
    final AtomicInteger cancelled = new AtomicInteger();
  }

  private final Vertx vertx;
  private final HttpServerResponse response;
  private final List<String> payloads;
  private final FakeModelName knobs;
  private final Counters counters;
  private int next;
  private long timer = -1;
  private boolean finished;

  private FakeStreamWriter(Vertx vertx, HttpServerResponse response, List<String> payloads, FakeModelName knobs,
      Counters counters) {
    this.vertx = vertx;
    this.response = response;
    this.payloads = payloads;
    this.knobs = knobs;
    this.counters = counters;
  }

  /** Starts the stream; call on the response's event loop. */
  static void start(Vertx vertx, HttpServerResponse response, List<String> payloads, FakeModelName knobs,
      Counters counters) {
    new FakeStreamWriter(vertx, response, payloads, knobs, counters).begin();
  }

  private void begin() {
    counters.open.incrementAndGet();
    response.closeHandler(v -> onClientGone());
    response.exceptionHandler(e -> onClientGone());
    response.setStatusCode(200)
        .setChunked(true)
        .putHeader("content-type", "text/event-stream; charset=utf-8")
        .putHeader("cache-control", "no-cache")
        .putHeader("x-request-id", "req_fake_" + Long.toHexString(System.nanoTime()));
    // Headers go out on their own, like upstream's; the first event follows at once, gap-<ms> is between events.
    response.writeHead().onComplete(ar -> {
      if (ar.succeeded()) {
        vertx.runOnContext(v -> writeNext());
      } else {
        onClientGone();
      }
    });
  }

  private void writeNext() {
    if (finished) {
      return;
    }
    if (next == payloads.size()) {
      stop(/* cancelled= */ false);
      response.end(DONE);
      return;
    }
    if (next == EVENTS_BEFORE_FAULT && knobs.stallMidstream()) {
      return; // headers and two events are out; stay silent until the client gives up (closeHandler)
    }
    if (next == EVENTS_BEFORE_FAULT && knobs.truncate()) {
      stop(/* cancelled= */ false);
      response.reset(); // HTTP/1.x: closes the connection, so the chunked body never gets its last chunk
      return;
    }
    String payload = payloads.get(next);
    if (next == 1 && knobs.malformed()) {
      payload = payload.substring(0, payload.length() / 2); // half a JSON object: the decoder must not choke
    }
    next++;
    response.write("data: " + payload + "\n\n").onComplete(ar -> afterWrite(ar.succeeded()));
  }

  private void afterWrite(boolean written) {
    if (!written) {
      onClientGone();
    } else if (knobs.gapMillis() > 0) {
      timer = vertx.setTimer(knobs.gapMillis(), id -> {
        timer = -1;
        writeNext();
      });
    } else {
      vertx.runOnContext(v -> writeNext());
    }
  }

  private void onClientGone() {
    if (!finished) {
      stop(/* cancelled= */ true);
    }
  }

  private void stop(boolean cancelled) {
    finished = true;
    if (timer != -1) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    counters.open.decrementAndGet();
    if (cancelled) {
      counters.cancelled.incrementAndGet();
    }
  }
}
