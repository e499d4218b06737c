package dev.sluice.core.provider.anthropic;

import dev.sluice.core.canonical.ProviderAccess;
import dev.sluice.core.canonical.ProviderStreamDecoder;
import dev.sluice.core.canonical.StreamEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Feeds stream bytes through {@link AnthropicCodec#streamDecoder()} in chosen pieces (test helper). */
public final class AnthropicStreams {
  private AnthropicStreams() {}

  public static AnthropicCodec codec() {
    return new AnthropicCodec(new ProviderAccess("api.anthropic.com", "", "sk-ant-test", Map.of()));
  }

  /** Decodes {@code bytes} fed in one piece, then ends the input. */
  public static List<StreamEvent> decode(byte[] bytes) {
    return decodeInChunks(bytes, List.of(bytes.length));
  }

  /** Decodes {@code bytes} fed in pieces of the given sizes (cycled until the bytes run out). */
  public static List<StreamEvent> decodeInChunks(byte[] bytes, List<Integer> sizes) {
    ProviderStreamDecoder decoder = codec().streamDecoder();
    List<StreamEvent> events = new ArrayList<>();
    int at = 0;
    int k = 0;
    while (at < bytes.length) {
      int n = Math.max(1, Math.min(bytes.length - at, sizes.get(k++ % sizes.size())));
      decoder.feed(bytes, at, n, events::add);
      at += n;
    }
    decoder.endOfInput(events::add);
    return events;
  }

  /** Decodes {@code bytes} fed as two pieces split at {@code cut}. */
  public static List<StreamEvent> decodeSplitAt(byte[] bytes, int cut) {
    ProviderStreamDecoder decoder = codec().streamDecoder();
    List<StreamEvent> events = new ArrayList<>();
    decoder.feed(bytes, 0, cut, events::add);
    decoder.feed(bytes, cut, bytes.length - cut, events::add);
    decoder.endOfInput(events::add);
    return events;
  }
}
