package dev.sluice.testkit;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;

/**
 * Writes one Cohere v2 chat stream: headers, then one {@code event: <type>\ndata: <json>\n\n} write per event, then
 * the end of the chunked body right after {@code message-end} (Cohere sends no {@code [DONE]}). The next event goes
 * out only once the previous write has completed, with {@code gap-<ms>} between them or a bare hop through the event
 * loop, so a {@code chunks-100000} stream neither recurses nor floods the write queue.
 *
 * <p>Stream faults (the earliest wins), counted like {@link FakeStreamWriter}'s where Cohere's stream allows:
 * <ul>
 *   <li>{@code inband-error}: {@code message-start}, then Cohere's in-band failure (a {@code message-end} with
 *       {@code finish_reason: "ERROR"} and an {@code error}), then a clean end. Cohere always opens with
 *       {@code message-start}, so the failure is the second event, not the only one.
 *   <li>{@code midstream-error-<k>}: the same failure right after the k-th reply piece (text deltas, or tool-call
 *       argument deltas); {@code die-after-<k>}: the connection reset there.
 *   <li>{@code truncate} and {@code stall-midstream}: after {@value FakeStreamWriter#EVENTS_BEFORE_FAULT} events the
 *       connection is reset, or goes silent until the client hangs up.
 *   <li>{@code malformed-sse}: the second event's data is half a JSON object; {@code empty-stream}: no event at all.
 * </ul>
 * One instance per response, confined to the response's event loop; only the counters are shared.
 */
final class FakeCohereStreamWriter {
  private static final String IN_BAND_ERROR = frame(FakeCohereResponder.inBandError());

  /** How the stream ends once {@code stopAt} events are out. */
  private enum Ending {
    /** The chunked body's last chunk: the normal end, after {@code message-end}. */
    CLEAN,
    /** Cohere's in-band failure event, then a clean end. */
    ERROR_EVENT,
    /** Connection reset: the chunked body never gets its last chunk. */
    RESET,
    /** Nothing more, ever, until the client hangs up. */
    STALL
  }

  private final Vertx vertx;
  private final HttpServerResponse response;
  private final List<FakeCohereResponder.Event> events;
  private final FakeModelName knobs;
  private final FakeStreamWriter.Counters counters;
  private int stopAt;
  private Ending ending = Ending.CLEAN;
  private int next;
  private long timer = -1;
  private boolean finished;

  private FakeCohereStreamWriter(Vertx vertx, HttpServerResponse response, FakeCohereResponder.Stream stream,
      FakeModelName knobs, FakeStreamWriter.Counters counters) {
    this.vertx = vertx;
    this.response = response;
    this.events = stream.events();
    this.knobs = knobs;
    this.counters = counters;
    this.stopAt = events.size();
    if (knobs.inbandError()) {
      endAt(1, Ending.ERROR_EVENT);
    }
    if (knobs.emptyStream()) {
      endAt(0, Ending.CLEAN);
    }
    if (knobs.midstreamErrorAfter() >= 0) {
      endAt(stream.firstContent() + Math.min(knobs.midstreamErrorAfter(), stream.contentEvents()), Ending.ERROR_EVENT);
    }
    if (knobs.dieAfter() >= 0) {
      endAt(stream.firstContent() + Math.min(knobs.dieAfter(), stream.contentEvents()), Ending.RESET);
    }
    if (knobs.stallMidstream()) {
      endAt(FakeStreamWriter.EVENTS_BEFORE_FAULT, Ending.STALL);
    }
    if (knobs.truncate()) {
      endAt(FakeStreamWriter.EVENTS_BEFORE_FAULT, Ending.RESET);
    }
  }

  static void start(Vertx vertx, HttpServerResponse response, FakeCohereResponder.Stream stream, FakeModelName knobs,
      FakeStreamWriter.Counters counters) {
    new FakeCohereStreamWriter(vertx, response, stream, knobs, counters).begin();
  }

  private void endAt(int events, Ending how) {
    if (events < stopAt) {
      stopAt = events;
      ending = how;
    }
  }

  private void begin() {
    counters.open.incrementAndGet();
    response.closeHandler(v -> onClientGone());
    response.exceptionHandler(e -> onClientGone());
    response.setStatusCode(200)
        .setChunked(true)
        .putHeader("content-type", "text/event-stream")
        .putHeader("cache-control", "no-cache")
        .putHeader("x-request-id", "req_fake_" + Long.toHexString(System.nanoTime()));
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
    FakeCohereResponder.Event event = events.get(next);
    String frame = next == 1 && knobs.malformed()
        ? "event: " + event.name() + "\ndata: " + event.data().substring(0, event.data().length() / 2) + "\n\n"
        : frame(event);
    next++;
    response.write(frame).onComplete(ar -> afterWrite(ar.succeeded()));
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

  private static String frame(FakeCohereResponder.Event event) {
    return "event: " + event.name() + "\ndata: " + event.data() + "\n\n";
  }
}
