package dev.sluice.testkit;

import dev.sluice.testkit.FakeEventPacer.Ending;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;

/**
 * Writes one Cohere v2 chat stream: headers, then one {@code event: <type>\ndata: <json>\n\n} write per event, then
 * the end of the chunked body right after {@code message-end} (Cohere sends no {@code [DONE]}), paced by
 * {@link FakeEventPacer}.
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
 */
final class FakeCohereStreamWriter implements FakeEventPacer.Framing {
  private static final String IN_BAND_ERROR = frame(FakeCohereResponder.inBandError());

  private final List<FakeCohereResponder.Event> events;

  private FakeCohereStreamWriter(List<FakeCohereResponder.Event> events) {
    this.events = events;
  }

  static void start(Vertx vertx, HttpServerResponse response, FakeCohereResponder.Stream stream, FakeModelName knobs,
      FakeStreamWriter.Counters counters) {
    List<FakeCohereResponder.Event> events = stream.events();
    FakeEventPacer pacer =
        new FakeEventPacer(vertx, response, events.size(), new FakeCohereStreamWriter(events), knobs, counters);
    if (knobs.inbandError()) {
      pacer.endAt(1, Ending.ERROR_EVENT);
    }
    if (knobs.emptyStream()) {
      pacer.endAt(0, Ending.CLEAN);
    }
    if (knobs.midstreamErrorAfter() >= 0) {
      pacer.endAt(stream.firstContent() + Math.min(knobs.midstreamErrorAfter(), stream.contentEvents()),
          Ending.ERROR_EVENT);
    }
    if (knobs.dieAfter() >= 0) {
      pacer.endAt(stream.firstContent() + Math.min(knobs.dieAfter(), stream.contentEvents()), Ending.RESET);
    }
    if (knobs.stallMidstream()) {
      pacer.endAt(FakeStreamWriter.EVENTS_BEFORE_FAULT, Ending.STALL);
    }
    if (knobs.truncate()) {
      pacer.endAt(FakeStreamWriter.EVENTS_BEFORE_FAULT, Ending.RESET);
    }
    response.putHeader("content-type", "text/event-stream")
        .putHeader("cache-control", "no-cache")
        .putHeader("x-request-id", "req_fake_" + Long.toHexString(System.nanoTime()));
    pacer.start();
  }

  @Override
  public Buffer event(int index, boolean broken) {
    FakeCohereResponder.Event event = events.get(index);
    return Buffer.buffer(broken
        ? "event: " + event.name() + "\ndata: " + event.data().substring(0, event.data().length() / 2) + "\n\n"
        : frame(event));
  }

  @Override
  public Buffer cleanEnd() {
    return null; // the body just ends, after message-end
  }

  @Override
  public Buffer errorEvent() {
    return Buffer.buffer(IN_BAND_ERROR);
  }

  private static String frame(FakeCohereResponder.Event event) {
    return "event: " + event.name() + "\ndata: " + event.data() + "\n\n";
  }
}
