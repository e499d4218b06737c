package dev.sluice.testkit;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes one data-only SSE stream: headers, then one {@code data: ...\n\n} write per event, then {@code data: [DONE]}.
 * The next event goes out only once the previous write has completed (flushed), with {@code gap-<ms>} between them
 * or a bare hop through the event loop, which keeps a {@code chunks-100000} stream from recursing or flooding the
 * write queue. Applies the stream faults: {@code stall-midstream}, {@code truncate}, {@code malformed-sse},
 * {@code inband-error}, {@code empty-stream}, {@code midstream-error-<k>}, {@code die-after-<k>}.
 * One instance per response, confined to the response's event loop; only the counters are shared.
 */
final class FakeStreamWriter {
  /** Events sent before {@code stall-midstream} goes quiet and {@code truncate} cuts the connection. */
  static final int EVENTS_BEFORE_FAULT = 2;
  private static final String DONE = "data: [DONE]\n\n";
  private static final String IN_BAND_ERROR = "data: " + WireFixtures.write(FakeErrors.inBandServerError()) + "\n\n";

  /** Shared across all streams of one provider. */
  static final class Counters {
    final AtomicInteger open = new AtomicInteger();
    final AtomicInteger cancelled = new AtomicInteger();
  }

  /** How the stream ends once {@code stopAt} events are out. */
  private enum Ending {
    /** {@code data: [DONE]} and the chunked body's last chunk: the normal end (and {@code empty-stream}'s). */
    DONE,
    /** An error event, then a clean end without {@code [DONE]}: upstream's failure after a 200. */
    ERROR_EVENT,
    /** Connection reset: the chunked body never gets its last chunk. */
    RESET,
    /** Nothing more, ever, until the client hangs up. */
    STALL
  }

  private final Vertx vertx;
  private final HttpServerResponse response;
  private final List<String> payloads;
  private final FakeModelName knobs;
  private final Counters counters;
  /** Number of events written before {@link #ending}; at most {@code payloads.size()}. */
  private int stopAt;
  private Ending ending = Ending.DONE;
  private int next;
  private long timer = -1;
  private boolean finished;

  private FakeStreamWriter(Vertx vertx, HttpServerResponse response, List<String> payloads, int contentEvents,
      FakeModelName knobs, Counters counters) {
    this.vertx = vertx;
    this.response = response;
    this.payloads = payloads;
    this.knobs = knobs;
    this.counters = counters;
    this.stopAt = payloads.size();
    // The earliest fault wins; on a tie, the one named first here. Event 0 is the role chunk, events
    // 1..contentEvents the content (or tool-argument) pieces, then the finish chunk and maybe the usage chunk.
    if (knobs.inbandError()) {
      endAt(0, Ending.ERROR_EVENT);
    }
    if (knobs.emptyStream()) {
      endAt(0, Ending.DONE);
    }
    if (knobs.midstreamErrorAfter() >= 0) {
      endAt(1 + Math.min(knobs.midstreamErrorAfter(), contentEvents), Ending.ERROR_EVENT);
    }
    if (knobs.dieAfter() >= 0) {
      endAt(1 + Math.min(knobs.dieAfter(), contentEvents), Ending.RESET);
    }
    if (knobs.stallMidstream()) {
      endAt(EVENTS_BEFORE_FAULT, Ending.STALL);
    }
    if (knobs.truncate()) {
      endAt(EVENTS_BEFORE_FAULT, Ending.RESET);
    }
  }

  private void endAt(int events, Ending how) {
    if (events < stopAt) {
      stopAt = events;
      ending = how;
    }
  }

  /**
   * Starts the stream; call on the response's event loop.
   *
   * @param contentEvents how many of {@code payloads}, after the first (role) chunk, carry the reply's pieces
   */
  static void start(Vertx vertx, HttpServerResponse response, List<String> payloads, int contentEvents,
      FakeModelName knobs, Counters counters) {
    new FakeStreamWriter(vertx, response, payloads, contentEvents, knobs, counters).begin();
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
    if (next == stopAt) {
      end();
      return;
    }
    String payload = payloads.get(next);
    if (next == 1 && knobs.malformed()) {
      payload = payload.substring(0, payload.length() / 2); // half a JSON object: the decoder must not choke
    }
    next++;
    response.write("data: " + payload + "\n\n").onComplete(ar -> afterWrite(ar.succeeded()));
  }

  private void end() {
    switch (ending) {
      case DONE -> {
        stop(/* cancelled= */ false);
        response.end(DONE);
      }
      case ERROR_EVENT -> {
        stop(/* cancelled= */ false);
        response.end(IN_BAND_ERROR);
      }
      case RESET -> {
        stop(/* cancelled= */ false);
        response.reset(); // HTTP/1.x: closes the connection, so the chunked body never gets its last chunk
      }
      case STALL -> { /* the events are out; stay silent until the client gives up (closeHandler) */ }
    }
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
