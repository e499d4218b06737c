package dev.sluice.core.canonical;

import java.util.function.Consumer;

/**
 * Turns one provider's streamed response body into canonical {@link StreamEvent}s: bytes in as they arrive
 * (any split), events out. Owns its framing (SSE, or AWS event stream for Bedrock). One per stream; not
 * thread-safe. Malformed input is reported as a {@link StreamEvent.Error}, never thrown.
 */
public interface ProviderStreamDecoder {
  void feed(byte[] bytes, int offset, int length, Consumer<StreamEvent> out);

  /** The body ended; emit what is pending ({@link StreamEvent.End} only if the stream ended properly). */
  void endOfInput(Consumer<StreamEvent> out);
}
