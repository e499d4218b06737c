package dev.sluice.server.proxy;

import dev.sluice.core.canonical.DialectStreamEncoder;
import dev.sluice.core.canonical.ProviderStreamDecoder;
import dev.sluice.core.canonical.TranslatingStream;
import dev.sluice.core.error.GatewayException;
import dev.sluice.core.model.Usage;
import dev.sluice.core.stream.StreamTransducer;
import java.util.function.Consumer;

/**
 * A translated stream that keeps its dialect encoder, so that a failure after the stream reached the client
 * ends it with that encoder's error event. The encoder has state a fresh one lacks: the Responses API's
 * response id, sequence numbers and open items, which its {@code error} closes as {@code response.failed};
 * a fresh encoder would open a second response in the same stream.
 */
final class TranslatedStream implements StreamTransducer {
  private final TranslatingStream stream;
  private final DialectStreamEncoder encoder;

  TranslatedStream(ProviderStreamDecoder decoder, DialectStreamEncoder encoder) {
    this.stream = new TranslatingStream(decoder, encoder);
    this.encoder = encoder;
  }

  /** The caller's in-band error event for this stream (empty when the encoder already ended it). */
  byte[] error(GatewayException error) {
    byte[] bytes = encoder.error(error);
    return bytes == null ? new byte[0] : bytes;
  }

  @Override
  public void feed(byte[] bytes, int offset, int length, Consumer<byte[]> step) {
    stream.feed(bytes, offset, length, step);
  }

  @Override
  public void endOfInput(Consumer<byte[]> step) {
    stream.endOfInput(step);
  }

  @Override
  public boolean overflowed() {
    return stream.overflowed();
  }

  @Override
  public Usage usage() {
    return stream.usage();
  }

  @Override
  public boolean failed() {
    return stream.failed();
  }

  @Override
  public String errorMessage() {
    return stream.errorMessage();
  }

  @Override
  public boolean started() {
    return stream.started();
  }

  @Override
  public boolean done() {
    return stream.done();
  }

  @Override
  public long contentEvents() {
    return stream.contentEvents();
  }
}
