package dev.sluice.core.canonical;

import java.io.ByteArrayOutputStream;
import java.util.function.Consumer;

/**
 * A caller of one dialect on a provider of another: the provider's decoder turns upstream bytes into
 * canonical events, the dialect's encoder turns those into the caller's events. An in-band provider
 * error is not encoded here: the gateway decides between a fallback and the dialect's own error event.
 */
public final class TranslatingStream extends TrackedStream {
  private final ProviderStreamDecoder decoder;
  private final DialectStreamEncoder encoder;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private final Consumer<StreamEvent> onEvent = this::onEvent;
  private Consumer<byte[]> step;

  public TranslatingStream(ProviderStreamDecoder decoder, DialectStreamEncoder encoder) {
    this.decoder = decoder;
    this.encoder = encoder;
  }

  @Override
  public void feed(byte[] bytes, int offset, int length, Consumer<byte[]> step) {
    this.step = step;
    decoder.feed(bytes, offset, length, onEvent);
  }

  @Override
  public void endOfInput(Consumer<byte[]> step) {
    this.step = step;
    decoder.endOfInput(onEvent);
  }

  private void onEvent(StreamEvent event) {
    tracker.observe(event);
    if (event instanceof StreamEvent.Error) {
      step.accept(null);
      return;
    }
    byte[] out = encoder.encode(event);
    step.accept(out);
  }

  @Override
  public boolean overflowed() {
    return false; // the decoders bound their frames and report an oversized one as an Error event
  }
}
