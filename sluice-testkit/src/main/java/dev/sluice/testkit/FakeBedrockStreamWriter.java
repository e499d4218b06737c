package dev.sluice.testkit;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;

/**
 * Writes one ConverseStream body: {@code application/vnd.amazon.eventstream}, one binary frame per write, each
 * once the previous write has completed, with {@code gap-<ms>} between them (or a hop through the event loop), as
 * {@link FakeStreamWriter} does for SSE. Stream faults: {@code stall-midstream}, {@code truncate},
 * {@code malformed} (the second frame's message CRC is wrong), {@code inband-error} (an exception frame first),
 * {@code empty-stream} (no content block at all), {@code midstream-error-<k>} (an exception frame after k content
 * frames), {@code die-after-<k>}. Exceptions are Bedrock's in-stream {@code modelStreamErrorException} frames.
 * One instance per response, confined to its event loop; only the counters are shared.
 */
final class FakeBedrockStreamWriter {
  static final String CONTENT_TYPE = "application/vnd.amazon.eventstream";
  static final String STREAM_EXCEPTION = "modelStreamErrorException";

  private enum Ending { END, EXCEPTION, RESET, STALL }

  private final Vertx vertx;
  private final HttpServerResponse response;
  private final List<byte[]> frames;
  private final FakeModelName knobs;
  private final FakeStreamWriter.Counters counters;
  private int stopAt;
  private Ending ending = Ending.END;
  private int next;
  private long timer = -1;
  private boolean finished;

  private FakeBedrockStreamWriter(Vertx vertx, HttpServerResponse response, FakeBedrockResponder.Frames frames,
      FakeModelName knobs, FakeStreamWriter.Counters counters) {
    this.vertx = vertx;
    this.response = response;
    this.frames = frames.frames();
    this.knobs = knobs;
    this.counters = counters;
    this.stopAt = this.frames.size();
    // The earliest fault wins; on a tie, the one named first. Frame 0 is messageStart, then the content frames.
    if (knobs.inbandError()) {
      endAt(0, Ending.EXCEPTION);
    }
    if (knobs.midstreamErrorAfter() >= 0) {
      endAt(1 + Math.min(knobs.midstreamErrorAfter(), frames.contentEvents()), Ending.EXCEPTION);
    }
    if (knobs.dieAfter() >= 0) {
      endAt(1 + Math.min(knobs.dieAfter(), frames.contentEvents()), Ending.RESET);
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

  static void start(Vertx vertx, HttpServerResponse response, FakeBedrockResponder.Frames frames,
      FakeModelName knobs, FakeStreamWriter.Counters counters) {
    new FakeBedrockStreamWriter(vertx, response, frames, knobs, counters).begin();
  }

  private void begin() {
    counters.open.incrementAndGet();
    response.closeHandler(v -> onClientGone());
    response.exceptionHandler(e -> onClientGone());
    response.setStatusCode(200)
        .setChunked(true)
        .putHeader("content-type", CONTENT_TYPE)
        .putHeader("x-amzn-requestid", FakeBedrockRoutes.requestId());
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
    byte[] frame = frames.get(next);
    if (next == 1 && knobs.malformed()) {
      frame = FakeBedrockEventStream.corrupted(frame);
    }
    next++;
    response.write(Buffer.buffer(frame)).onComplete(ar -> afterWrite(ar.succeeded()));
  }

  private void end() {
    switch (ending) {
      case END -> {
        stop(/* cancelled= */ false);
        response.end();
      }
      case EXCEPTION -> {
        stop(/* cancelled= */ false);
        response.end(Buffer.buffer(FakeBedrockEventStream.exception(STREAM_EXCEPTION,
            FakeBedrockErrors.streamException())));
      }
      case RESET -> {
        stop(/* cancelled= */ false);
        response.reset(); // HTTP/1.x: the connection closes, the chunked body never gets its last chunk
      }
      case STALL -> { /* silent until the client gives up (closeHandler) */ }
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
