package dev.sluice.core.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.fuzz.Contract;
import dev.sluice.core.fuzz.Mutations;
import dev.sluice.core.fuzz.ProviderFuzz;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The SSE framer fed hostile bytes (RELIABILITY A1#5 "fuzz the parser", A5#29 "a 1 MB SSE line"): it never
 * throws, never hangs, and never hands out an event larger than its maximum (the memory bound).
 */
class SseParserFuzzTest {

  @Property
  void mutatedStreamsInAnyPiecesNeverThrowAndStayBounded(@ForAll("streams") byte[] body,
      @ForAll @IntRange(min = 1, max = 300) int piece, @ForAll @IntRange(min = 16, max = 4096) int maxEventBytes) {
    List<SseEvent> events = new ArrayList<>();
    Contract.returnsOrThrowsOnly(body, () -> {
      SseParser parser = new SseParser(events::add, maxEventBytes);
      for (int at = 0; at < body.length; at += piece) {
        parser.feed(body, at, Math.min(piece, body.length - at));
      }
      parser.endOfInput();
    });
    for (SseEvent e : events) {
      assertThat(e.data().length()).as("event data within the bound").isLessThanOrEqualTo(maxEventBytes);
    }
  }

  @Property
  void wholeFeedParsesLikeAnySplit(@ForAll("streams") byte[] body, @ForAll @IntRange(min = 1, max = 64) int piece) {
    List<SseEvent> whole = new ArrayList<>();
    Contract.returnsOrThrowsOnly(body, () -> {
      SseParser parser = new SseParser(whole::add);
      parser.feed(body);
      parser.endOfInput();
    });
    List<SseEvent> split = new ArrayList<>();
    Contract.returnsOrThrowsOnly(body, () -> {
      SseParser parser = new SseParser(split::add);
      for (int at = 0; at < body.length; at += piece) {
        parser.feed(body, at, Math.min(piece, body.length - at));
      }
      parser.endOfInput();
    });
    assertThat(split).isEqualTo(whole);
  }

  @Provide
  Arbitrary<byte[]> streams() {
    return Mutations.mutatedOrRandom(seeds());
  }

  private static List<byte[]> seeds() {
    List<byte[]> seeds = new ArrayList<>(ProviderFuzz.fixtures("openai", "chat-completion-stream-text.sse",
        "chat-completion-stream-tool-calls.sse", "responses-stream-text.sse"));
    seeds.addAll(ProviderFuzz.fixtures("anthropic", "stream-text.sse", "stream-error-midstream.sse"));
    seeds.addAll(ProviderFuzz.fixtures("gemini", "streamGenerateContent-text.sse"));
    seeds.addAll(ProviderFuzz.fixtures("cohere", "chat-stream-text.sse"));
    return seeds;
  }
}
