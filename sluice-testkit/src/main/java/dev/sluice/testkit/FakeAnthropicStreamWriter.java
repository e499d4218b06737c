package dev.sluice.testkit;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;

/**
 * Writes one Anthropic SSE stream: headers, then one {@code event: <type>\ndata: <json>\n\n} write per event, then
 * the end of the chunked body (Anthropic sends no {@code [DONE]}). The next event goes out only once the previous
 * write has completed, with {@code gap-<ms>} between them or a bare hop through the event loop, so a
 * {@code chunks-100000} stream neither recurses nor floods the write queue.
 *
 * <p>Stream faults, placed by counting the deltas that carry reply pieces ({@link FakeAnthropicResponder.Event}):
 * {@code inband-error} (an {@code event: error} overloaded_error as the only event), {@code midstream-error-<k>}
 * (that event right after the k-th piece; before the first for k = 0; after the last piece, before its
 * {@code content_block_stop}, when k is larger), {@code die-after-<k>} (the connection reset at the same place),
 * {@code truncate} ({@code die-after-1}), {@code stall-midstream} (silence after the first piece, until the client
 * hangs up), {@code malformed-sse} (the second event's data is half a JSON object). The earliest fault wins.
 * One instance per response, confined to the response's event loop; only the counters are shared.
 */
final class FakeAnthropicStreamWriter {
  private static final String IN_BAND_ERROR =
      "event: error\ndata: " + WireFixtures.write(FakeAnthropicErrors.inBandOverloaded()) + "\n\n";

  /** How the stream ends once {@code stopAt} events are out. */
  private enum Ending {
    /** The chunked body's last chunk: the normal end, after {@code message_stop}. */
    CLEAN,
    /** {@code event: error}, then a clean end: upstream's failure after a 200. */
    ERROR_EVENT,
    /** Connection reset: the chunked body never gets its last chunk. */
    RESET,
    /** Nothing more, ever, until the client hangs up. */
    STALL
  }

  private final Vertx vertx;
  private final HttpServerResponse response;
  private final List<FakeAnthropicResponder.Event> events;
  private final FakeModelName knobs;
  private final FakeStreamWriter.Counters counters;
  private int stopAt;
  private Ending ending = Ending.CLEAN;
  private int next;
  private long timer = -1;
  private boolean finished;

  private FakeAnthropicStreamWriter(Vertx vertx, HttpServerResponse response, List<FakeAnthropicResponder.Event> events,
      FakeModelName knobs, FakeStreamWriter.Counters counters) {
    this.vertx = vertx;
    this.response = response;
    this.events = events;
    this.knobs = knobs;
    this.counters = counters;
    this.stopAt = events.size();
    if (knobs.inbandError()) {
      endAt(0, Ending.ERROR_EVENT);
    }
    if (knobs.midstreamErrorAfter() >= 0) {
      endAt(afterPieces(knobs.midstreamErrorAfter()), Ending.ERROR_EVENT);
    }
    if (knobs.dieAfter() >= 0) {
      endAt(afterPieces(knobs.dieAfter()), Ending.RESET);
    }
    if (knobs.stallMidstream()) {
      endAt(afterPieces(1), Ending.STALL);
    }
    if (knobs.truncate()) {
      endAt(afterPieces(1), Ending.RESET);
    }
  }

  /** Starts the stream; call on the response's event loop. */
  static void start(Vertx vertx, HttpServerResponse response, List<FakeAnthropicResponder.Event> events,
      FakeModelName knobs, FakeStreamWriter.Counters counters) {
    new FakeAnthropicStreamWriter(vertx, response, events, knobs, counters).begin();
  }

  /**
   * The number of events to send so that exactly {@code k} piece-carrying deltas are out: up to and including the
   * k-th, or up to just before the first for k = 0; when the reply has fewer, up to and including the last one.
   */
  private int afterPieces(int k) {
    int seen = 0;
    int afterLast = -1;
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).carriesPiece()) {
        if (seen == k) {
          return i;
        }
        seen++;
        afterLast = i + 1;
      }
    }
    return afterLast >= 0 ? afterLast : Math.max(0, events.size() - 2); // no pieces: before message_delta
  }

  private void endAt(int count, Ending how) {
    if (count < stopAt) {
      stopAt = count;
      ending = how;
    }
  }

  private void begin() {
    counters.open.incrementAndGet();
    response.closeHandler(v -> onClientGone());
    response.exceptionHandler(e -> onClientGone());
    response.setStatusCode(200)
        .setChunked(true)
        .putHeader("content-type", "text/event-stream; charset=utf-8")
        .putHeader("cache-control", "no-cache")
        .putHeader("request-id", FakeAnthropicErrors.requestId());
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
    FakeAnthropicResponder.Event event = events.get(next);
    String data = event.data();
    if (next == 1 && knobs.malformed()) {
      data = data.substring(0, data.length() / 2); // half a JSON object: the decoder must not choke
    }
    next++;
    response.write("event: " + event.type() + "\ndata: " + data + "\n\n").onComplete(ar -> afterWrite(ar.succeeded()));
  }

  private void end() {
    switch (ending) {
      case CLEAN -> {
        stop(/* cancelled= */ false);
        response.end();
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
