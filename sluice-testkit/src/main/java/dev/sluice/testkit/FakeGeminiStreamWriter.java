package dev.sluice.testkit;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;

/**
 * Writes one {@code streamGenerateContent?alt=sse} body as Gemini does: data-only events, each ended by
 * {@code \r\n\r\n}, no {@code [DONE]}: the body simply ends after the chunk with the finish reason. Each event goes
 * out once the previous write has completed, with {@code gap-<ms>} between them (or a hop through the event loop),
 * as {@link FakeStreamWriter} does for OpenAI, and with the same stream faults: {@code stall-midstream},
 * {@code truncate}, {@code malformed-sse}, {@code inband-error}, {@code empty-stream} (a 200 with no event at all),
 * {@code midstream-error-<k>}, {@code die-after-<k>}. The in-band error is Google's error object as an event.
 * One instance per response, confined to its event loop; only the counters are shared.
 */
final class FakeGeminiStreamWriter {
  static final String EVENT_END = "\r\n\r\n";
  private static final String IN_BAND_ERROR = "data: " + WireFixtures.write(FakeGeminiErrors.inBand()) + EVENT_END;

  private enum Ending { END, ERROR_EVENT, RESET, STALL }

  private final Vertx vertx;
  private final HttpServerResponse response;
  private final List<String> payloads;
  private final FakeModelName knobs;
  private final FakeStreamWriter.Counters counters;
  private int stopAt;
  private Ending ending = Ending.END;
  private int next;
  private long timer = -1;
  private boolean finished;

  private FakeGeminiStreamWriter(Vertx vertx, HttpServerResponse response, FakeGeminiResponder.Chunks chunks,
      FakeModelName knobs, FakeStreamWriter.Counters counters) {
    this.vertx = vertx;
    this.response = response;
    this.payloads = chunks.payloads();
    this.knobs = knobs;
    this.counters = counters;
    this.stopAt = payloads.size();
    // The earliest fault wins; on a tie, the one named first. Content events are counted after the thought chunk.
    int contentEnd = chunks.firstContent() + chunks.contentEvents();
    if (knobs.inbandError()) {
      endAt(0, Ending.ERROR_EVENT);
    }
    if (knobs.emptyStream()) {
      endAt(0, Ending.END);
    }
    // A function call's only chunk also carries the finish reason, so "k larger than the reply" can leave no
    // chunk to stop before: the fault then comes after the last event instead of not at all.
    if (knobs.midstreamErrorAfter() >= 0) {
      endAtOrAfterLast(Math.min(chunks.firstContent() + knobs.midstreamErrorAfter(), contentEnd), Ending.ERROR_EVENT);
    }
    if (knobs.dieAfter() >= 0) {
      endAtOrAfterLast(Math.min(chunks.firstContent() + knobs.dieAfter(), contentEnd), Ending.RESET);
    }
    if (knobs.stallMidstream()) {
      endAt(FakeStreamWriter.EVENTS_BEFORE_FAULT, Ending.STALL);
    }
    if (knobs.truncate()) {
      endAt(FakeStreamWriter.EVENTS_BEFORE_FAULT, Ending.RESET);
    }
  }

  private void endAt(int events, Ending how) {
    if (events < stopAt) {
      stopAt = events;
      ending = how;
    }
  }

  private void endAtOrAfterLast(int events, Ending how) {
    if (events < stopAt || (events == payloads.size() && ending == Ending.END)) {
      stopAt = events;
      ending = how;
    }
  }

  static void start(Vertx vertx, HttpServerResponse response, FakeGeminiResponder.Chunks chunks, FakeModelName knobs,
      FakeStreamWriter.Counters counters) {
    new FakeGeminiStreamWriter(vertx, response, chunks, knobs, counters).begin();
  }

  private void begin() {
    counters.open.incrementAndGet();
    response.closeHandler(v -> onClientGone());
    response.exceptionHandler(e -> onClientGone());
    response.setStatusCode(200)
        .setChunked(true)
        .putHeader("content-type", "text/event-stream")
        .putHeader("x-content-type-options", "nosniff");
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
      payload = payload.substring(0, payload.length() / 2);
    }
    next++;
    response.write("data: " + payload + EVENT_END).onComplete(ar -> afterWrite(ar.succeeded()));
  }

  private void end() {
    switch (ending) {
      case END -> {
        stop(/* cancelled= */ false);
        response.end();
      }
      case ERROR_EVENT -> {
        stop(/* cancelled= */ false);
        response.end(IN_BAND_ERROR);
      }
      case RESET -> {
        stop(/* cancelled= */ false);
        response.reset();
      }
      case STALL -> { /* silent until the client gives up */ }
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
