package dev.sluice.testkit;

import dev.sluice.testkit.FakeEventPacer.Ending;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes one data-only SSE stream: headers, then one {@code data: ...\n\n} write per event, then {@code data: [DONE]},
 * paced by {@link FakeEventPacer}. Places the stream faults: {@code stall-midstream}, {@code truncate},
 * {@code malformed-sse}, {@code inband-error}, {@code empty-stream}, {@code midstream-error-<k>},
 * {@code die-after-<k>}.
 */
final class FakeStreamWriter implements FakeEventPacer.Framing {
  /** Events sent before {@code stall-midstream} goes quiet and {@code truncate} cuts the connection. */
  static final int EVENTS_BEFORE_FAULT = 2;
  private static final String DONE = "data: [DONE]\n\n";
  private static final String IN_BAND_ERROR = "data: " + WireFixtures.write(FakeErrors.inBandServerError()) + "\n\n";

  /** Shared across all streams of one provider. */
  static final class Counters {
    final AtomicInteger open = new AtomicInteger();
    final AtomicInteger cancelled = new AtomicInteger();
  }

  private final List<String> payloads;

  private FakeStreamWriter(List<String> payloads) {
    this.payloads = payloads;
  }

  /**
   * Starts the stream; call on the response's event loop.
   *
   * @param contentEvents how many of {@code payloads}, after the first (role) chunk, carry the reply's pieces
   */
  static void start(Vertx vertx, HttpServerResponse response, List<String> payloads, int contentEvents,
      FakeModelName knobs, Counters counters) {
    FakeEventPacer pacer =
        new FakeEventPacer(vertx, response, payloads.size(), new FakeStreamWriter(payloads), knobs, counters);
    // The earliest fault wins; on a tie, the one named first here. Event 0 is the role chunk, events
    // 1..contentEvents the content (or tool-argument) pieces, then the finish chunk and maybe the usage chunk.
    if (knobs.inbandError()) {
      pacer.endAt(0, Ending.ERROR_EVENT);
    }
    if (knobs.emptyStream()) {
      pacer.endAt(0, Ending.CLEAN);
    }
    if (knobs.midstreamErrorAfter() >= 0) {
      pacer.endAt(1 + Math.min(knobs.midstreamErrorAfter(), contentEvents), Ending.ERROR_EVENT);
    }
    if (knobs.dieAfter() >= 0) {
      pacer.endAt(1 + Math.min(knobs.dieAfter(), contentEvents), Ending.RESET);
    }
    if (knobs.stallMidstream()) {
      pacer.endAt(EVENTS_BEFORE_FAULT, Ending.STALL);
    }
    if (knobs.truncate()) {
      pacer.endAt(EVENTS_BEFORE_FAULT, Ending.RESET);
    }
    response.putHeader("content-type", "text/event-stream; charset=utf-8")
        .putHeader("cache-control", "no-cache")
        .putHeader("x-request-id", "req_fake_" + Long.toHexString(System.nanoTime()));
    pacer.start();
  }

  @Override
  public Buffer event(int index, boolean broken) {
    String payload = payloads.get(index);
    if (broken) {
      payload = payload.substring(0, payload.length() / 2); // half a JSON object: the decoder must not choke
    }
    return Buffer.buffer("data: " + payload + "\n\n");
  }

  @Override
  public Buffer cleanEnd() {
    return Buffer.buffer(DONE);
  }

  @Override
  public Buffer errorEvent() {
    return Buffer.buffer(IN_BAND_ERROR);
  }
}
