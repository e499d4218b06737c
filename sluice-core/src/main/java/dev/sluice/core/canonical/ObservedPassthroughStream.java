package dev.sluice.core.canonical;

import dev.sluice.core.stream.SseParser;
import dev.sluice.core.stream.SseWriter;
import java.util.function.Consumer;

/**
 * Caller and provider speak the same SSE protocol (Anthropic to Anthropic): every event goes to the caller
 * byte for byte as the provider framed it, and is also fed to the provider's decoder so the gateway learns
 * usage, errors and the end without a codec of its own for passthrough.
 */
public final class ObservedPassthroughStream extends TrackedStream {
  private final SseParser parser;
  private final ProviderStreamDecoder observer;
  private final Consumer<StreamEvent> track = tracker::observe;
  private Consumer<byte[]> step;

  public ObservedPassthroughStream(ProviderStreamDecoder observer) {
    this.observer = observer;
    this.parser = new SseParser(event -> {
      byte[] out = SseWriter.encode(event);
      observer.feed(out, 0, out.length, track);
      step.accept(tracker.failed() ? null : out);
    });
  }

  @Override
  public void feed(byte[] bytes, int offset, int length, Consumer<byte[]> step) {
    this.step = step;
    parser.feed(bytes, offset, length);
  }

  @Override
  public void endOfInput(Consumer<byte[]> step) {
    this.step = step;
    parser.endOfInput();
    observer.endOfInput(track);
  }

  @Override
  public boolean overflowed() {
    return parser.overflowed();
  }
}
