package dev.sluice.testkit;

import dev.sluice.testkit.FakeEventPacer.Ending;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;

/**
 * Writes one Anthropic SSE stream: headers, then one {@code event: <type>\ndata: <json>\n\n} write per event, then
 * the end of the chunked body (Anthropic sends no {@code [DONE]}), paced by {@link FakeEventPacer}.
 *
 * <p>Stream faults, placed by counting the deltas that carry reply pieces ({@link FakeAnthropicResponder.Event}):
 * {@code inband-error} (an {@code event: error} overloaded_error as the only event), {@code midstream-error-<k>}
 * (that event right after the k-th piece; before the first for k = 0; after the last piece, before its
 * {@code content_block_stop}, when k is larger), {@code die-after-<k>} (the connection reset at the same place),
 * {@code truncate} ({@code die-after-1}), {@code stall-midstream} (silence after the first piece, until the client
 * hangs up), {@code malformed-sse} (the second event's data is half a JSON object). The earliest fault wins.
 */
final class FakeAnthropicStreamWriter implements FakeEventPacer.Framing {
  private static final String IN_BAND_ERROR =
      "event: error\ndata: " + WireFixtures.write(FakeAnthropicErrors.inBandOverloaded()) + "\n\n";

  private final List<FakeAnthropicResponder.Event> events;

  private FakeAnthropicStreamWriter(List<FakeAnthropicResponder.Event> events) {
    this.events = events;
  }

  /** Starts the stream; call on the response's event loop. */
  static void start(Vertx vertx, HttpServerResponse response, List<FakeAnthropicResponder.Event> events,
      FakeModelName knobs, FakeStreamWriter.Counters counters) {
    FakeAnthropicStreamWriter writer = new FakeAnthropicStreamWriter(events);
    FakeEventPacer pacer = new FakeEventPacer(vertx, response, events.size(), writer, knobs, counters);
    if (knobs.inbandError()) {
      pacer.endAt(0, Ending.ERROR_EVENT);
    }
    if (knobs.midstreamErrorAfter() >= 0) {
      pacer.endAt(writer.afterPieces(knobs.midstreamErrorAfter()), Ending.ERROR_EVENT);
    }
    if (knobs.dieAfter() >= 0) {
      pacer.endAt(writer.afterPieces(knobs.dieAfter()), Ending.RESET);
    }
    if (knobs.stallMidstream()) {
      pacer.endAt(writer.afterPieces(1), Ending.STALL);
    }
    if (knobs.truncate()) {
      pacer.endAt(writer.afterPieces(1), Ending.RESET);
    }
    response.putHeader("content-type", "text/event-stream; charset=utf-8")
        .putHeader("cache-control", "no-cache")
        .putHeader("request-id", FakeAnthropicErrors.requestId());
    pacer.start();
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

  @Override
  public Buffer event(int index, boolean broken) {
    FakeAnthropicResponder.Event event = events.get(index);
    String data = event.data();
    if (broken) {
      data = data.substring(0, data.length() / 2); // half a JSON object: the decoder must not choke
    }
    return Buffer.buffer("event: " + event.type() + "\ndata: " + data + "\n\n");
  }

  @Override
  public Buffer cleanEnd() {
    return null; // the body just ends, after message_stop
  }

  @Override
  public Buffer errorEvent() {
    return Buffer.buffer(IN_BAND_ERROR);
  }
}
