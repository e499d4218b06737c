package dev.sluice.core.provider.cohere;

import dev.sluice.core.canonical.ProviderStreamDecoder;
import dev.sluice.core.canonical.StreamEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The {@code wire/cohere/} reference bodies, and a helper that runs bytes through a stream decoder. */
final class CohereFixtures {
  private CohereFixtures() {}

  static byte[] bytes(String name) {
    String resource = "/wire/cohere/" + name;
    try (InputStream in = CohereFixtures.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Feeds {@code body} cut at the given ascending offsets, then ends the input; returns every event. */
  static List<StreamEvent> decode(byte[] body, int... cuts) {
    ProviderStreamDecoder decoder = new CohereStreamDecoder();
    List<StreamEvent> events = new ArrayList<>();
    int from = 0;
    for (int cut : cuts) {
      decoder.feed(body, from, cut - from, events::add);
      from = cut;
    }
    decoder.feed(body, from, body.length - from, events::add);
    decoder.endOfInput(events::add);
    return events;
  }

  static List<StreamEvent> decode(String body) {
    return decode(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
