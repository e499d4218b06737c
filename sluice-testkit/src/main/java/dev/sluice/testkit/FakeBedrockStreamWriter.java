package dev.sluice.testkit;

import dev.sluice.testkit.FakeEventPacer.Ending;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;

/**
 * Writes one ConverseStream body: {@code application/vnd.amazon.eventstream}, one binary frame per write, paced by
 * {@link FakeEventPacer}. Stream faults: {@code stall-midstream}, {@code truncate},
 * {@code malformed} (the second frame's message CRC is wrong), {@code inband-error} (an exception frame first),
 * {@code empty-stream} (no content block at all), {@code midstream-error-<k>} (an exception frame after k content
 * frames), {@code die-after-<k>}. Exceptions are Bedrock's in-stream {@code modelStreamErrorException} frames.
 */
final class FakeBedrockStreamWriter implements FakeEventPacer.Framing {
  static final String CONTENT_TYPE = "application/vnd.amazon.eventstream";
  static final String STREAM_EXCEPTION = "modelStreamErrorException";

  private final List<byte[]> frames;

  private FakeBedrockStreamWriter(List<byte[]> frames) {
    this.frames = frames;
  }

  static void start(Vertx vertx, HttpServerResponse response, FakeBedrockResponder.Frames frames,
      FakeModelName knobs, FakeStreamWriter.Counters counters) {
    List<byte[]> all = frames.frames();
    FakeEventPacer pacer =
        new FakeEventPacer(vertx, response, all.size(), new FakeBedrockStreamWriter(all), knobs, counters);
    // The earliest fault wins; on a tie, the one named first. Frame 0 is messageStart, then the content frames.
    if (knobs.inbandError()) {
      pacer.endAt(0, Ending.ERROR_EVENT);
    }
    if (knobs.midstreamErrorAfter() >= 0) {
      pacer.endAt(1 + Math.min(knobs.midstreamErrorAfter(), frames.contentEvents()), Ending.ERROR_EVENT);
    }
    if (knobs.dieAfter() >= 0) {
      pacer.endAt(1 + Math.min(knobs.dieAfter(), frames.contentEvents()), Ending.RESET);
    }
    if (knobs.stallMidstream()) {
      pacer.endAt(FakeStreamWriter.EVENTS_BEFORE_FAULT, Ending.STALL);
    }
    if (knobs.truncate()) {
      pacer.endAt(FakeStreamWriter.EVENTS_BEFORE_FAULT, Ending.RESET);
    }
    response.putHeader("content-type", CONTENT_TYPE)
        .putHeader("x-amzn-requestid", FakeBedrockRoutes.requestId());
    pacer.start();
  }

  @Override
  public Buffer event(int index, boolean broken) {
    byte[] frame = frames.get(index);
    return Buffer.buffer(broken ? FakeBedrockEventStream.corrupted(frame) : frame);
  }

  @Override
  public Buffer cleanEnd() {
    return null; // the body just ends after the metadata frame
  }

  @Override
  public Buffer errorEvent() {
    return Buffer.buffer(FakeBedrockEventStream.exception(STREAM_EXCEPTION, FakeBedrockErrors.streamException()));
  }
}
