package dev.sluice.testkit;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * The pacing and stream-fault machinery every fake's stream writer shares; the writer keeps only how its protocol
 * frames events ({@link Framing}) and where its faults fall ({@link #endAt}). Sends a 200 with the headers the writer
 * has already put on the response, on their own like upstream's, then one write per event. The next event goes out
 * only once the previous write has completed (flushed), with {@code gap-<ms>} between them or a bare hop through the
 * event loop, which keeps a {@code chunks-100000} stream from recursing or flooding the write queue. Keeps the
 * open/cancelled stream counters. One instance per response, confined to the response's event loop; only the counters
 * are shared.
 */
final class FakeEventPacer {
  /** How the stream ends once {@code stopAt} events are out. */
  enum Ending {
    /** {@link Framing#cleanEnd()} and the chunked body's last chunk: the normal end (and {@code empty-stream}'s). */
    CLEAN,
    /** {@link Framing#errorEvent()}, then a clean end: upstream's failure after a 200. */
    ERROR_EVENT,
    /** Connection reset: the chunked body never gets its last chunk. */
    RESET,
    /** Nothing more, ever, until the client hangs up. */
    STALL
  }

  /** How one protocol puts its events on the wire. */
  interface Framing {
    /**
     * The wire bytes of event {@code index}.
     *
     * @param broken whether to damage it the protocol's way ({@code malformed-sse}: half a JSON object, a bad CRC)
     */
    Buffer event(int index, boolean broken);

    /** What goes out after the last event of a normal stream; {@code null} when the body just ends. */
    Buffer cleanEnd();

    /** The protocol's in-band failure, the last thing written on {@link Ending#ERROR_EVENT}. */
    Buffer errorEvent();
  }

  private final Vertx vertx;
  private final HttpServerResponse response;
  private final int events;
  private final Framing framing;
  private final FakeModelName knobs;
  private final FakeStreamWriter.Counters counters;
  /** Number of events written before {@link #ending}; at most {@link #events}. */
  private int stopAt;
  private Ending ending = Ending.CLEAN;
  private int next;
  private long timer = -1;
  private boolean finished;

  FakeEventPacer(Vertx vertx, HttpServerResponse response, int events, Framing framing, FakeModelName knobs,
      FakeStreamWriter.Counters counters) {
    this.vertx = vertx;
    this.response = response;
    this.events = events;
    this.framing = framing;
    this.knobs = knobs;
    this.counters = counters;
    this.stopAt = events;
  }

  /** Ends the stream after {@code count} events, the way given, unless an earlier ending is already placed. */
  void endAt(int count, Ending how) {
    if (count < stopAt) {
      stopAt = count;
      ending = how;
    }
  }

  /** Like {@link #endAt}, but also places the ending after the last event when nothing else ends the stream. */
  void endAtOrAfterLast(int count, Ending how) {
    if (count < stopAt || (count == events && ending == Ending.CLEAN)) {
      stopAt = count;
      ending = how;
    }
  }

  /** Starts the stream; call on the response's event loop, once the protocol's headers are on the response. */
  void start() {
    counters.open.incrementAndGet();
    response.closeHandler(v -> onClientGone());
    response.exceptionHandler(e -> onClientGone());
    response.setStatusCode(200).setChunked(true);
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
    Buffer event = framing.event(next, next == 1 && knobs.malformed());
    next++;
    response.write(event).onComplete(ar -> afterWrite(ar.succeeded()));
  }

  private void end() {
    switch (ending) {
      case CLEAN -> {
        stop(/* cancelled= */ false);
        Buffer last = framing.cleanEnd();
        if (last == null) {
          response.end();
        } else {
          response.end(last);
        }
      }
      case ERROR_EVENT -> {
        stop(/* cancelled= */ false);
        response.end(framing.errorEvent());
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
