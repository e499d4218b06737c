package dev.sluice.bench.jmh;

import dev.sluice.core.stream.SseEvent;
import dev.sluice.core.stream.SseParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The recorded wire bodies the JMH benchmarks feed, read from {@code src/main/resources/wire/} (copies of
 * {@code /work/shared/wire/}, so the jar carries them).
 */
final class WireFixtures {
  /** A real gpt-4o-mini text stream: role chunk, 10 content deltas, finish chunk, usage-only chunk, [DONE]. */
  static final String OPENAI_STREAM = "/wire/openai/chat-completion-stream-text.sse";
  /** A real non-streamed gpt-4o-mini completion, pretty-printed as OpenAI sends it. */
  static final String OPENAI_COMPLETION = "/wire/openai/chat-completion.json";

  private WireFixtures() {}

  static byte[] bytes(String resource) {
    try (InputStream in = WireFixtures.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource + " (is it in the jar?)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The fixture's events, parsed once. */
  static List<SseEvent> events(String resource) {
    List<SseEvent> events = new ArrayList<>();
    SseParser parser = new SseParser(events::add);
    parser.feed(bytes(resource));
    parser.endOfInput();
    if (parser.hasPartialEvent() || events.isEmpty()) {
      throw new IllegalStateException(resource + " is not a whole event stream");
    }
    return List.copyOf(events);
  }
}
