package dev.sluice.testkit;

import dev.sluice.testkit.FakeEventPacer.Ending;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;

/**
 * Writes one {@code streamGenerateContent?alt=sse} body as Gemini does: data-only events, each ended by
 * {@code \r\n\r\n}, no {@code [DONE]}: the body simply ends after the chunk with the finish reason. Paced by
 * {@link FakeEventPacer}, with {@link FakeStreamWriter}'s stream faults: {@code stall-midstream},
 * {@code truncate}, {@code malformed-sse}, {@code inband-error}, {@code empty-stream} (a 200 with no event at all),
 * {@code midstream-error-<k>}, {@code die-after-<k>}. The in-band error is Google's error object as an event.
 */
final class FakeGeminiStreamWriter implements FakeEventPacer.Framing {
  static final String EVENT_END = "\r\n\r\n";
  private static final String IN_BAND_ERROR = "data: " + WireFixtures.write(FakeGeminiErrors.inBand()) + EVENT_END;

  private final List<String> payloads;

  private FakeGeminiStreamWriter(List<String> payloads) {
    this.payloads = payloads;
  }

  static void start(Vertx vertx, HttpServerResponse response, FakeGeminiResponder.Chunks chunks, FakeModelName knobs,
      FakeStreamWriter.Counters counters) {
    List<String> payloads = chunks.payloads();
    FakeEventPacer pacer =
        new FakeEventPacer(vertx, response, payloads.size(), new FakeGeminiStreamWriter(payloads), knobs, counters);
    // The earliest fault wins; on a tie, the one named first. Content events are counted after the thought chunk.
    int contentEnd = chunks.firstContent() + chunks.contentEvents();
    if (knobs.inbandError()) {
      pacer.endAt(0, Ending.ERROR_EVENT);
    }
    if (knobs.emptyStream()) {
      pacer.endAt(0, Ending.CLEAN);
    }
    // A function call's only chunk also carries the finish reason, so "k larger than the reply" can leave no
    // chunk to stop before: the fault then comes after the last event instead of not at all.
    if (knobs.midstreamErrorAfter() >= 0) {
      pacer.endAtOrAfterLast(Math.min(chunks.firstContent() + knobs.midstreamErrorAfter(), contentEnd),
          Ending.ERROR_EVENT);
    }
    if (knobs.dieAfter() >= 0) {
      pacer.endAtOrAfterLast(Math.min(chunks.firstContent() + knobs.dieAfter(), contentEnd), Ending.RESET);
    }
    if (knobs.stallMidstream()) {
      pacer.endAt(FakeStreamWriter.EVENTS_BEFORE_FAULT, Ending.STALL);
    }
    if (knobs.truncate()) {
      pacer.endAt(FakeStreamWriter.EVENTS_BEFORE_FAULT, Ending.RESET);
    }
    response.putHeader("content-type", "text/event-stream")
        .putHeader("x-content-type-options", "nosniff");
    pacer.start();
  }

  @Override
  public Buffer event(int index, boolean broken) {
    String payload = payloads.get(index);
    if (broken) {
      payload = payload.substring(0, payload.length() / 2);
    }
    return Buffer.buffer("data: " + payload + EVENT_END);
  }

  @Override
  public Buffer cleanEnd() {
    return null; // no [DONE]: the body ends after the chunk with the finish reason
  }

  @Override
  public Buffer errorEvent() {
    return Buffer.buffer(IN_BAND_ERROR);
  }
}
